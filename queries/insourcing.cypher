// @name insourcing
// @description Insourcing and outsourcing: an external supplier's spell followed by an in-house spell on the same tower at a buyer, and the reverse; for contracts that name no tower, an in-house contract that succeeds a supplier's (stored contract succession), and the reverse.
// @param buyer buyer optional example=Lincolnshire -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param follow_lineage boolean default=true -- true: spells carried on through renames, mergers and acquisitions (lineage.csv); false: every organisation stands alone
// @column kind -- insourcing (supplier -> in-house) or outsourcing (in-house -> supplier)
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the tower's id; null for contracts that name no tower
// @column tower_name -- the tower's name
// @column from_id -- who held it before ('in-house' for outsourcing)
// @column from_name -- its name
// @column from_end -- last day of the earlier spell (or contract); null if it never ended
// @column to_id -- who held it next ('in-house' for insourcing)
// @column to_name -- its name
// @column to_start -- first day of the later spell (or contract)
// @column basis -- 'tenure' (tower succession) or 'contract succession' (a stored SUCCEEDS pair of contracts with no tower)
// @column score -- for contract succession, the pair's score (0 to 1, docs/incumbents.md); null for tenures
// "Followed by" means the next tenure in the succession (SUCCEEDED_BY, spells
// ordered by start). Contracts with no known tower form no tenure: for them the
// contract succession says which contract replaced which (its scorer follows
// buyer lineage; follow_lineage applies to tenures).
CALL () {
  MATCH (b:Buyer)<-[:AT]-(before:Tenure)-[:SUCCEEDED_BY]->(after:Tenure)-[:OF]->(tower:ServiceTower)
  WHERE ($buyer IS NULL OR b.id = $buyer)
    AND CASE WHEN $follow_lineage THEN before.with_lineage ELSE before.without_lineage END
    AND (before.holder_id = 'in-house') <> (after.holder_id = 'in-house')
  MATCH (a:Organisation {id: before.holder_id}), (n:Organisation {id: after.holder_id})
  RETURN b, tower, a, n, before.to AS from_end, after.from AS to_start, 'tenure' AS basis, null AS score
  UNION
  MATCH (b:Buyer)-[:AWARDED]->(later:Contract)-[s:SUCCEEDS]->(earlier:Contract)
  WHERE ($buyer IS NULL OR b.id = $buyer)
    AND NOT EXISTS { (later)-[:COVERS]->(:ServiceTower) } AND NOT EXISTS { (earlier)-[:COVERS]->(:ServiceTower) }
  MATCH (earlier)-[:AWARDED_TO]->(a:Organisation), (later)-[:AWARDED_TO]->(n:Organisation)
  WHERE (a.id = 'in-house') <> (n.id = 'in-house')
  RETURN b, null AS tower, a, n, earlier.end AS from_end, later.start AS to_start,
         'contract succession' AS basis, s.score AS score
}
RETURN CASE WHEN n.id = 'in-house' THEN 'insourcing' ELSE 'outsourcing' END AS kind,
       b.id AS buyer_id, b.name AS buyer_name, tower.id AS tower_id, tower.name AS tower_name,
       a.id AS from_id, a.name AS from_name, toString(from_end) AS from_end,
       n.id AS to_id, n.name AS to_name, toString(to_start) AS to_start, basis, score
ORDER BY to_start, buyer_name, tower_id
