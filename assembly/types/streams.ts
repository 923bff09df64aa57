// The stream commands without consumer groups (XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID XREAD).

export function registerStreamCommands(): void {
}
