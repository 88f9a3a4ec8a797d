// @name consolidations
// @description Consolidations (one contract taking over towers that two or more suppliers held just before it) and fragmentations (the reverse, just after it ends).
// @param buyer string optional example="Met Police" -- only this buyer (id, name or alias); null for all
// @column kind -- consolidation or fragmentation
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column contract_id -- the multi-tower contract
// @column supplier_ids -- its supplier(s)
// @column supplier_names -- their names
// @column day -- the day looked at: the day before the contract starts (consolidation) or after it ends (fragmentation)
// @column towers -- the contract's towers
// @column other_holders -- for each tower, who held it on that day: "tower: supplier, supplier"
// @column other_suppliers -- the distinct suppliers holding those towers that day (two or more)
// A contract covers two or more towers. Its own contracts are left out of the
// holders on that day, so a supplier renewing a bundle is not a consolidation.
// Holders on a tower are listed in the order their contracts started.
// How: for each buyer and tower, one pass through its contracts in start order
// with the probe days (the day before each multi-tower deal starts, the day
// after it ends) in between, keeping the contracts still running. Time grows
// with probes x contracts running at once, not with contracts squared; memory
// with one buyer's tower and the answer. Suppliers are de-duplicated with
// DISTINCT, not list membership tests, which were quadratic in the holders.
MATCH (b:Buyer)
WHERE $buyer IS NULL OR b.id = $buyer
      OR EXISTS { (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b) }
CALL (b) {
  MATCH (b)-[:AWARDED]->(deal:Contract)-[:COVERS]->(t:ServiceTower)
  WHERE deal.holds AND COUNT { (deal)-[:COVERS]->(:ServiceTower) } >= 2
  WITH DISTINCT t
  CALL (b, t) {
    MATCH (b)-[:AWARDED]->(f:Contract)-[:COVERS]->(t)
    WHERE f.holds
    WITH f, COUNT { (f)-[:COVERS]->(:ServiceTower) } >= 2 AS multi
    // a start (0) sorts before a probe (1) of the same day: it is running that day
    UNWIND [[f.start, 0, 'start']]
           + CASE WHEN multi AND f.start IS NOT NULL THEN [[f.start - duration({days: 1}), 1, 'consolidation']]
                  ELSE [] END
           + CASE WHEN multi AND f.end IS NOT NULL THEN [[f.end + duration({days: 1}), 1, 'fragmentation']]
                  ELSE [] END AS item
    WITH f, item ORDER BY item[0], item[1], f.start, f.id
    WITH collect({f: f, day: item[0], what: item[2], end: f.end,
                  sup: CASE WHEN item[2] = 'start'
                            THEN COLLECT { MATCH (f)-[:AWARDED_TO]->(s:Organisation) RETURN s ORDER BY s.name, s.id }
                            ELSE [] END}) AS items
    // one pass in day order over the probes only: at each probe, the
    // contracts started since the previous probe join the running ones and
    // those that ended before the probe day leave. Positions in items are
    // kept, not the items: Neo4j counts a list of maps at full size per copy.
    WITH items, [i IN range(0, size(items) - 1) WHERE items[i].what <> 'start'] AS probes
    WITH items, reduce(sweep = {running: [], since: 0, found: []}, i IN probes |
      head([running IN [[j IN sweep.running + [k IN range(sweep.since, i - 1) WHERE items[k].what = 'start']
                         WHERE items[j].end IS NULL OR items[j].end >= items[i].day]] |
        {running: running, since: i + 1, found: sweep.found + [[i] + running]}])).found AS found
    UNWIND found AS hit
    WITH items, items[hit[0]] AS probe, hit[1..] AS held
    RETURN probe.f AS deal, probe.what AS kind, probe.day AS day,
           COLLECT { UNWIND held AS j UNWIND items[j].sup AS s RETURN DISTINCT s } AS holders
  }
  WITH deal, kind, day, t.name AS tower, holders ORDER BY tower
  WITH deal, kind, day, collect(tower) AS tower_names, collect(holders) AS per_tower,
       collect(tower + ': ' + reduce(txt = '', h IN holders |
         txt + CASE WHEN txt = '' THEN '' ELSE ', ' END + h.name)) AS other_holders
  WITH deal, kind, day, tower_names, other_holders,
       COLLECT { UNWIND per_tower AS hs UNWIND hs AS h RETURN DISTINCT h } AS others
  WHERE size(others) >= 2
  RETURN deal AS c, kind, day, tower_names, other_holders, others
}
// names sorted inside subqueries: unwinding the other suppliers into rows of
// their own (to sort them) multiplied the rows, each with its long text
RETURN kind, b.id AS buyer_id, b.name AS buyer_name, c.id AS contract_id,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(own:Organisation) RETURN own.id ORDER BY own.name, own.id } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(own:Organisation) RETURN own.name ORDER BY own.name, own.id } AS supplier_names,
       toString(day) AS day, tower_names AS towers, other_holders,
       COLLECT { UNWIND others AS other RETURN other.name ORDER BY other.name } AS other_suppliers
ORDER BY day, buyer_name, contract_id
