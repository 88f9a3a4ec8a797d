// @name sources
// @description How complete the graph is, per publisher and year: notices read, loaded and rejected by the loads, contracts with a tower, suppliers with an identifier.
// @param publisher string optional example="deal history (curated CSV)" -- only this publisher, exactly as listed (e.g. 'Contracts Finder'); null for all
// @column publisher -- who published the notices: an OCDS package's publisher, Contracts Finder, or "deal history (curated CSV)"
// @column year -- the year the notices were published (release date, else source date, else start); null when unknown
// @column files -- files loaded that held notices of this publisher and year (each file counted once, however often loaded)
// @column notices_read -- notices (OCDS releases or records, CSV rows) read from those files
// @column notices_loaded -- of those, loaded (written, or an exact repeat or older release of what was written)
// @column notices_rejected -- of those, rejected (into a rejects file, with the reason)
// @column contracts -- contracts in the graph now from this publisher and year
// @column with_tower -- of those, contracts covering at least one service tower
// @column it_other -- of those, IT that is not a tower (licences, hardware): service class it-other
// @column suppliers -- distinct suppliers of those contracts
// @column suppliers_with_identifier -- of those, suppliers with a register identifier (Companies House, charity, PPON...)
// Counts of notices come from (:Coverage) nodes, one per file, publisher and
// year, replaced when the same file is loaded again (loaders/coverage.py).
// Contracts and suppliers are counted in the graph as it is now.
CALL () {
  MATCH (k:Coverage)
  RETURN k.publisher AS publisher, k.year AS year, count(DISTINCT k.sha256) AS files,
         sum(k.read) AS read, sum(k.loaded) AS loaded, sum(k.rejected) AS rejected,
         0 AS contracts, 0 AS with_tower, 0 AS it_other, 0 AS suppliers, 0 AS identified
  UNION ALL
  MATCH (c:Contract)
  WITH coalesce(c.publisher, 'deal history (curated CSV)') AS publisher, c.notice_year AS year, c
  OPTIONAL MATCH (c)-[:AWARDED_TO]->(s:Organisation) WHERE NOT s.in_house
  RETURN publisher, year, 0 AS files, 0 AS read, 0 AS loaded, 0 AS rejected,
         count(DISTINCT c) AS contracts,
         count(DISTINCT CASE WHEN EXISTS { (c)-[:COVERS]->(:ServiceTower) } THEN c END) AS with_tower,
         count(DISTINCT CASE WHEN c.service_class = 'it-other' THEN c END) AS it_other,
         count(DISTINCT s) AS suppliers,
         count(DISTINCT CASE WHEN size(s.identifiers) > 0 THEN s END) AS identified
}
WITH * WHERE $publisher IS NULL OR publisher = $publisher
RETURN publisher, year, sum(files) AS files,
       sum(read) AS notices_read, sum(loaded) AS notices_loaded, sum(rejected) AS notices_rejected,
       sum(contracts) AS contracts, sum(with_tower) AS with_tower, sum(it_other) AS it_other,
       sum(suppliers) AS suppliers, sum(identified) AS suppliers_with_identifier
ORDER BY publisher, year
