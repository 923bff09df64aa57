// The HyperLogLog commands (PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST).

export function registerHyperLogLogCommands(): void {
}
