// SORT and SORT_RO. (Being built for the collections issue.)
export function registerSortCommands(): void {}
