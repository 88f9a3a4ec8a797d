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
MATCH (b:Buyer)
WHERE $buyer IS NULL OR b.id = $buyer
      OR EXISTS { (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b) }
// each buyer's holding contracts, read once; the day-by-day comparisons run on this list
CALL (b) {
  MATCH (b)-[:AWARDED]->(o:Contract)
  WHERE o.holds
  WITH o ORDER BY o.start, o.id  // holders are listed in the order they started
  RETURN collect({c: o, start: o.start, end: o.end,
                  towers: COLLECT { MATCH (o)-[:COVERS]->(x:ServiceTower) RETURN x.name ORDER BY x.name },
                  holders: COLLECT { MATCH (o)-[:AWARDED_TO]->(s:Organisation) RETURN s }}) AS facts
}
UNWIND [f IN facts WHERE size(f.towers) >= 2] AS deal
UNWIND [['consolidation', deal.start - duration({days: 1})],
        ['fragmentation', deal.end + duration({days: 1})]] AS probe
WITH b, facts, deal, probe[0] AS kind, probe[1] AS day
WHERE day IS NOT NULL
WITH b, deal, kind, day,
     [f IN facts WHERE f.c <> deal.c AND f.start <= day AND (f.end IS NULL OR f.end >= day)
                   AND any(x IN f.towers WHERE x IN deal.towers)] AS around
UNWIND deal.towers AS tower
WITH b, deal, kind, day, tower,
     reduce(hs = [], f IN around |
       CASE WHEN tower IN f.towers THEN hs + [h IN f.holders WHERE NOT h IN hs] ELSE hs END) AS holders
ORDER BY tower
WITH b, deal, kind, day, collect(tower) AS tower_names,
     collect(tower + ': ' + reduce(txt = '', h IN holders |
       txt + CASE WHEN txt = '' THEN '' ELSE ', ' END + h.name)) AS other_holders,
     reduce(all = [], hs IN collect(holders) | all + [h IN hs WHERE NOT h IN all]) AS others
WHERE size(others) >= 2
WITH b, deal.c AS c, kind, day, tower_names, other_holders, others
MATCH (c)-[:AWARDED_TO]->(own:Organisation)
WITH b, c, kind, day, tower_names, other_holders, others, own ORDER BY own.name
WITH b, c, kind, day, tower_names, other_holders, others,
     collect(own.id) AS supplier_ids, collect(own.name) AS supplier_names
UNWIND others AS other
WITH b, c, kind, day, tower_names, other_holders, supplier_ids, supplier_names, other
ORDER BY other.name
RETURN kind, b.id AS buyer_id, b.name AS buyer_name, c.id AS contract_id,
       supplier_ids, supplier_names, toString(day) AS day, tower_names AS towers,
       other_holders, collect(other.name) AS other_suppliers
ORDER BY day, buyer_name, contract_id
