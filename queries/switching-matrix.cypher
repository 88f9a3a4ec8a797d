// @name switching-matrix
// @description How often supplier A was succeeded by supplier B, across all buyers and towers.
// @param follow_lineage boolean default=true -- true: a rename, merger or acquisition (lineage.csv) is not a switch; false: every organisation stands alone
// @param limit integer default=1000 example=1000 -- most rows returned, the pairs with the most switches first; 0 for all
// @column from_id -- the outgoing holder's id ('in-house' included)
// @column from_name -- its name
// @column to_id -- the incoming holder's id
// @column to_name -- its name
// @column switches -- how many (buyer, tower) successions have B's spell right after A's
// @column examples -- up to five "buyer / tower" pairs where it happened
// Consecutive tenures (SUCCEEDED_BY) whose holder changed (change: the later
// one is not the same supplier carrying on) make one switch. Only real towers
// count: contracts with no known tower form no tenure. At 1M generated
// contracts there are 350,910 pairs: $limit keeps the answer to the busiest.
MATCH (before:Tenure)-[next:SUCCEEDED_BY]->(after:Tenure)
WHERE next.change AND CASE WHEN $follow_lineage THEN before.with_lineage ELSE before.without_lineage END
WITH before.holder_id AS from_id, after.holder_id AS to_id, collect(before) AS places
MATCH (a:Organisation {id: from_id}), (n:Organisation {id: to_id})
WITH a, n, places ORDER BY size(places) DESC, a.name, n.name
LIMIT CASE WHEN $limit > 0 THEN $limit ELSE 4294967295 END
RETURN a.id AS from_id, a.name AS from_name, n.id AS to_id, n.name AS to_name, size(places) AS switches,
       COLLECT { UNWIND places AS t MATCH (b:Buyer)<-[:AT]-(t)-[:OF]->(tower:ServiceTower)
                 RETURN b.name + ' / ' + tower.name ORDER BY b.name, tower.name LIMIT 5 } AS examples
