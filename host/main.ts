// cinnabar-server: redis-server's command line and config file, then the server.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgv, versionText, usageText } from './argv.js';
import { ConfigRegistry, ConfigFileError } from './config/registry.js';
import { loadServerConfig, nodeRegistryOptions, rewriteConfigFile, ConfigLoadError } from './config/file.js';
import { Logger } from './log.js';
import { Core, CoreConfig } from './core.js';
import { CinnabarServer } from './server.js';
import { pushStaticInfo } from './info.js';

const PKG_VERSION = '0.1.0';

function findWasm(): Buffer {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.CINNABAR_WASM,
    path.join(here, '..', 'build', 'release.wasm'),
    path.join(here, '..', '..', 'build', 'release.wasm'),
  ].filter((p): p is string => !!p);
  for (const p of candidates) if (fs.existsSync(p)) return fs.readFileSync(p);
  throw new Error(`cannot find the wasm core (looked in ${candidates.join(', ')}); run "npm run build"`);
}

function logo(log: Logger, port: number): void {
  const pid = process.pid;
  const art = [
    '',
    '           _._                                                  ',
    `      _.-\`\`__ ''-._             Cinnabar ${PKG_VERSION} (Redis 7.4.0 compatible) 64 bit`,
    ` .-\`\` .-\`\`\`.  \`\`\`\\/    _.,_ ''-._                                  `,
    `(    '      ,       .-\`  | \`,    )     Running in standalone mode`,
    `|\`-._\`-...-\` __...-.\`\`-._|'\` _.-'|     Port: ${port}`,
    `|    \`-._   \`._    /     _.-'    |     PID: ${pid}`,
    ` \`-._    \`-._  \`-./  _.-'    _.-'                                   `,
    '      `-._    `-.__.-\'    _.-\'                                       ',
    '          `-._        _.-\'                                           ',
    '              `-.__.-\'                                               ',
    '',
  ];
  log.raw('notice', art.join('\n') + '\n');
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgv(argv);
  if (args.version) {
    process.stdout.write(versionText({ version: PKG_VERSION } as never) + '\n');
    process.exit(0);
  }
  if (args.help) {
    process.stdout.write(usageText('cinnabar-server'));
    process.exit(0);
  }
  const config = new ConfigRegistry(nodeRegistryOptions());
  const log = new Logger({ pid: process.pid });
  log.starting({ version: PKG_VERSION, hadArgs: argv.length > 0, argv0: 'cinnabar-server' });
  let configFile: string | undefined;
  try {
    configFile = args.configFile ? path.resolve(args.configFile) : undefined;
    loadServerConfig(config, { configFile, stdin: args.stdin, options: args.options, onReadingStdin: () => log.notice('Reading config from stdin') });
  } catch (e) {
    if (e instanceof ConfigFileError) {
      process.stderr.write(e.report);
      process.exit(1);
    }
    if (e instanceof ConfigLoadError) {
      log.warning(e.message);
      process.exit(1);
    }
    throw e;
  }
  log.configLoaded();
  log.setLevel(config.value('loglevel'));
  log.setFile(config.value('logfile'));

  let server: CinnabarServer | null = null;
  const core = await Core.create(findWasm(), {
    hostCommand: (slot, id) => server!.hostCommand(slot, id),
    log: (level, msg) => log.log((['debug', 'verbose', 'notice', 'warning'] as const)[level] ?? 'notice', msg),
  });
  const pidfile = config.value('pidfile');
  server = new CinnabarServer({
    core, config, log, configFile,
    onShutdown: (code) => {
      if (pidfile) { try { fs.unlinkSync(pidfile); } catch { /* already gone */ } }
      process.exit(code);
    },
    rewriteConfig: (force) => {
      try { rewriteConfigFile(config, configFile!, { force }); return null; } catch (e) { return (e as Error).message; }
    },
  });
  applyRenameCommands(core, config);
  for (const name of CinnabarServer.CORE_PARAMS) server.applyCoreConfig(name);
  core.x.init_dbs(Date.now());
  pushStaticInfo(core, config, { configFile });
  config.on((name) => { server!.applyCoreConfig(name); return null; });

  const port = config.num('port');
  if (config.bool('always-show-logo') || process.stdout.isTTY) logo(log, port);
  else log.runningMode(port);
  log.serverInitialized();
  if (pidfile) {
    try { fs.writeFileSync(pidfile, `${process.pid}\n`); } catch { /* Redis ignores pidfile errors */ }
  }
  try {
    await server.listen();
  } catch (e) {
    log.warning((e as Error).message);
    process.exit(1);
  }
  server.startCron();
  log.readyToAccept('tcp');
  void CoreConfig;

  const onSignal = (sig: string) => {
    log.warning(`Received ${sig} scheduling shutdown...`);
    server!.shutdown(0);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

/**
 * rename-command directives, in file order (after the host has found its own commands by their
 * original names). Errors are fatal config errors naming the line, as in Redis.
 */
function applyRenameCommands(core: Core, config: ConfigRegistry): void {
  for (const d of config.directives) {
    if (d.name !== 'rename-command') continue;
    const [from, to] = d.args;
    const a = core.writeIoString(from, 0);
    const b = core.writeIoString(to, a);
    const r = core.x.command_rename(a, b);
    if (r === 0) continue;
    const reason = r === -1 ? 'No such command in rename-command' : 'Target command name already exists';
    process.stderr.write(new ConfigFileError(reason, d.line, d.raw ?? `rename-command ${from} ${to}`, d.source).report);
    process.exit(1);
  }
}
