// @name insourcing
// @description Insourcing and outsourcing: an external supplier's spell followed by an in-house spell on the same tower at a buyer, and the reverse.
// @param buyer buyer optional example=Lincolnshire -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param follow_lineage boolean default=true -- true: spells carried on through renames, mergers and acquisitions (lineage.csv); false: every organisation stands alone
// @column kind -- insourcing (supplier -> in-house) or outsourcing (in-house -> supplier)
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the tower's id
// @column tower_name -- the tower's name
// @column from_id -- who held it before ('in-house' for outsourcing)
// @column from_name -- its name
// @column from_end -- last day of the earlier spell; null if it never ended
// @column to_id -- who held it next ('in-house' for insourcing)
// @column to_name -- its name
// @column to_start -- first day of the later spell
// "Followed by" means the next tenure in the succession (SUCCEEDED_BY, spells
// ordered by start). Contracts with no known tower form no tenure.
MATCH (b:Buyer)<-[:AT]-(before:Tenure)-[:SUCCEEDED_BY]->(after:Tenure)-[:OF]->(tower:ServiceTower)
WHERE ($buyer IS NULL OR b.id = $buyer)
  AND CASE WHEN $follow_lineage THEN before.with_lineage ELSE before.without_lineage END
  AND (before.holder_id = 'in-house') <> (after.holder_id = 'in-house')
MATCH (a:Organisation {id: before.holder_id}), (n:Organisation {id: after.holder_id})
RETURN CASE WHEN n.id = 'in-house' THEN 'insourcing' ELSE 'outsourcing' END AS kind,
       b.id AS buyer_id, b.name AS buyer_name, tower.id AS tower_id, tower.name AS tower_name,
       a.id AS from_id, a.name AS from_name, toString(before.to) AS from_end,
       n.id AS to_id, n.name AS to_name, toString(after.from) AS to_start
ORDER BY to_start, buyer_name, tower_id
