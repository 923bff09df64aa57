// The bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO).

export function registerBitmapCommands(): void {
}
