// Registers every command family's part of the command table, in a fixed order (ids are stable
// within a build). Each family file holds its own declarative `def(...)` list next to its handlers.
import { registerConnectionCommands } from "./connection";
import { registerServerCommands } from "./admin";
import { registerMultiCommands } from "./multi";
import { registerPubSubCommands } from "./pubsub";
import { registerStringCommands } from "../types/strings";
import { registerKeyCommands } from "../types/keys";
import { registerListCommands } from "../types/lists";
import { registerHashCommands } from "../types/hashes";
import { registerSetCommands } from "../types/sets";
import { registerZsetCommands } from "../types/zsets";
import { registerSortCommands } from "../types/sort";
import { registerBitmapCommands } from "../types/bitmaps";
import { registerHyperLogLogCommands } from "../types/hyperloglog";
import { registerGeoCommands } from "../types/geo";
import { registerStreamCommands } from "../types/streams";
import { registerStreamGroupCommands } from "../types/stream-groups";
import { registerFunctionCommands } from "../scripting/functions";
import { registerIntrospectionCommands } from "./introspection";

export function registerAll(): void {
  registerStringCommands();
  registerKeyCommands();
  registerListCommands();
  registerHashCommands();
  registerSetCommands();
  registerZsetCommands();
  registerSortCommands();
  registerBitmapCommands();
  registerHyperLogLogCommands();
  registerGeoCommands();
  registerStreamCommands();
  registerStreamGroupCommands();
  registerConnectionCommands();
  registerServerCommands();
  registerMultiCommands();
  registerPubSubCommands();
  registerFunctionCommands();
  // introspection indexes the metadata of everything registered before it: keep it last
  registerIntrospectionCommands();
}
