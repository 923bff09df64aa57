// The root: every piece of mutable core state is reachable from here.
//
// The root lives at a fixed address (a static data segment), so a byte copy of linear memory taken
// together with `ROOT` is a complete point-in-time image of the server (see DESIGN.md, BGSAVE).
//
// Layout (byte offsets from ROOT):
//   0  A_BRK         u32  allocator: next free page in the current chunk
//   4  A_TOP         u32  allocator: end of the current chunk
//   8  A_USED        u64  allocator: bytes in live blocks (used_memory)
//  16  A_PEAK        u64  allocator: peak of A_USED
//  24  A_PAGEMAP     u32  -> page map, 1 byte per 64 KiB page (owned by alloc)
//  28  A_RUNTAB      u32  -> run table, 1 u32 per page (owned by alloc)
//  32  A_FREE_RUNS   u32  -> head of the free large-run list
//  36  A_LARGE_LIVE  u32  pages in live large blocks
//  40  A_SERVER      u32  -> server state (server/state.ts), owned by the root
//  44  A_INIT        u32  1 once the primary instance has initialised the root
//  48  A_CLASS_FREE  u32[60] free-list heads per size class
// 288  A_CLASS_BUMP  u32[60] bump pointer in each class's current slab page
// 528  A_CLASS_END   u32[60] end of each class's current slab page
// 768  A_CLASS_SIZE  u32[60] block size of each class
// 1008 A_SMALL_LUT   u8[129] size/8 -> class, for sizes up to 1024
// 1140 A_RESERVE     u32  -> emergency reserve pages (alloc.ts), 0 when not armed
// 1144 A_RESERVE_PAGES u32 pages in the reserve
// 1148 A_RESERVE_SPENT u32 1 once the reserve was released because memory could not grow
export const A_BRK: u32 = 0;
export const A_TOP: u32 = 4;
export const A_USED: u32 = 8;
export const A_PEAK: u32 = 16;
export const A_PAGEMAP: u32 = 24;
export const A_RUNTAB: u32 = 28;
export const A_FREE_RUNS: u32 = 32;
export const A_LARGE_LIVE: u32 = 36;
export const A_SERVER: u32 = 40;
export const A_INIT: u32 = 44;
export const A_CLASS_FREE: u32 = 48;
export const A_CLASS_BUMP: u32 = 288;
export const A_CLASS_END: u32 = 528;
export const A_CLASS_SIZE: u32 = 768;
export const A_SMALL_LUT: u32 = 1008;
export const A_RESERVE: u32 = 1140;
export const A_RESERVE_PAGES: u32 = 1144;
export const A_RESERVE_SPENT: u32 = 1148;
export const ROOT_SIZE: u32 = 1152;

export const ROOT: usize = memory.data(ROOT_SIZE, 64);

@inline export function serverState(): usize { return load<u32>(ROOT + A_SERVER); }
