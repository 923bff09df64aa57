// The stream consumer-group commands (XGROUP XREADGROUP XACK XPENDING XCLAIM XAUTOCLAIM XINFO).

export function registerStreamGroupCommands(): void {
}
