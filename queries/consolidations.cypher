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
MATCH (b:Buyer)-[:AWARDED]->(c:Contract)-[:COVERS]->(t:ServiceTower)
WHERE c.holds
  AND ($buyer IS NULL OR b.id = $buyer
       OR EXISTS { (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b) })
WITH b, c, collect(t) AS towers
WHERE size(towers) >= 2
UNWIND [['consolidation', c.start - duration({days: 1})],
        ['fragmentation', c.end + duration({days: 1})]] AS probe
WITH b, c, towers, probe[0] AS kind, probe[1] AS day
WHERE day IS NOT NULL
UNWIND towers AS t
OPTIONAL MATCH (b)-[:AWARDED]->(o:Contract)-[:COVERS]->(t)
WHERE o <> c AND o.holds AND o.start <= day AND (o.end IS NULL OR o.end >= day)
OPTIONAL MATCH (o)-[:AWARDED_TO]->(s:Organisation)
WITH b, c, kind, day, t, collect(DISTINCT s) AS holders
ORDER BY t.name
WITH b, c, kind, day, collect(t.name) AS tower_names,
     collect(t.name + ': ' + reduce(txt = '', h IN holders |
       txt + CASE WHEN txt = '' THEN '' ELSE ', ' END + h.name)) AS other_holders,
     reduce(all = [], hs IN collect(holders) | all + [h IN hs WHERE NOT h IN all]) AS others
WHERE size(others) >= 2
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
