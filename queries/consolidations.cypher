// @name consolidations
// @description Consolidations (one contract taking over towers that two or more suppliers held just before it) and fragmentations (the reverse, just after it ends).
// @param buyer buyer optional example="Met Police" -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
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
// A contract covers two or more towers. On the day looked at it is not running,
// so a supplier renewing its own bundle is not a consolidation. Who held a
// tower that day: the suppliers of the contracts running then in the tenures
// covering the day (in the order those contracts started).
MATCH (b:Buyer)-[:AWARDED]->(deal:Contract)
WHERE ($buyer IS NULL OR b.id = $buyer)
  AND deal.holds AND COUNT { (deal)-[:COVERS]->(:ServiceTower) } >= 2
UNWIND [['consolidation', deal.start - duration({days: 1})],
        ['fragmentation', deal.end + duration({days: 1})]] AS probe
WITH b, deal, probe[0] AS kind, probe[1] AS day
WHERE day IS NOT NULL
CALL (b, deal, day) {
  MATCH (deal)-[:COVERS]->(tower:ServiceTower)
  WITH tower, COLLECT {
    MATCH (t:Tenure {buyer_id: b.id, tower_id: tower.id})-[:RESTS_ON]->(c:Contract)
    WHERE t.with_lineage AND t.from <= day AND (t.to IS NULL OR t.to >= day)
      AND c.start <= day AND (c.end IS NULL OR c.end >= day)
    WITH DISTINCT c ORDER BY c.start, c.id
    UNWIND [(c)-[:AWARDED_TO]->(s:Organisation) | s] AS s
    RETURN DISTINCT s
  } AS holders
  ORDER BY tower.name
  RETURN collect(tower.name) AS towers, collect(holders) AS per_tower,
         collect(tower.name + ': ' + reduce(txt = '', h IN holders |
           txt + CASE WHEN txt = '' THEN '' ELSE ', ' END + h.name)) AS other_holders
}
WITH b, deal, kind, day, towers, other_holders,
     COLLECT { UNWIND per_tower AS hs UNWIND hs AS h RETURN DISTINCT h } AS others
WHERE size(others) >= 2
RETURN kind, b.id AS buyer_id, b.name AS buyer_name, deal.id AS contract_id,
       COLLECT { MATCH (deal)-[:AWARDED_TO]->(own:Organisation) RETURN own.id ORDER BY own.name, own.id } AS supplier_ids,
       COLLECT { MATCH (deal)-[:AWARDED_TO]->(own:Organisation) RETURN own.name ORDER BY own.name, own.id } AS supplier_names,
       toString(day) AS day, towers, other_holders,
       COLLECT { UNWIND others AS other RETURN other.name ORDER BY other.name } AS other_suppliers
ORDER BY day, buyer_name, contract_id
