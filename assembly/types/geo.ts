// The geo commands (GEOADD GEODIST GEOHASH GEOPOS GEORADIUS* GEOSEARCH*).

export function registerGeoCommands(): void {
}
