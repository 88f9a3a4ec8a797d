// @name holders-known-on
// @description Who held a tower at a buyer on a day, as the graph knew it at an earlier time (before later corrections).
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param tower tower example=networks -- the tower: id, name or alias; in Neo4j Browser give its id, e.g. :param tower => 'networks'
// @param as_of date example=2019-06-01 -- the day the holding is about
// @param as_known_on datetime example=2026-01-01 -- when to look from: what had been loaded by then (a day means its end, UTC); in Browser :param as_known_on => datetime('2026-01-01T23:59:59Z')
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column supplier_id -- the holder's id
// @column supplier_name -- the holder's name
// @column contract_id -- the contract under which it held the tower that day
// @column start -- contract start as then known
// @column start_precision -- day, month, year or decade
// @column end -- contract end as then known; null while ongoing
// @column end_precision -- precision of the end
// @column recorded_at -- when those facts were loaded
// As holders.cypher, on the facts current at as_known_on: a contract corrected
// later answers with its old facts (kept as ContractVersion), one loaded later
// is not known yet. A change of buyer is not versioned.
MATCH (b:Organisation:Buyer {id: $buyer})
MATCH (t:ServiceTower {id: $tower})
MATCH (b)-[:AWARDED]->(c:Contract)
// the facts as known then: the current ones if recorded by then, else the
// version that was current then, else nothing (not yet known)
WITH b, t, c,
  CASE WHEN coalesce(c.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
       THEN c {.id, .holds, .start, .start_precision, .end, .end_precision, .recorded_at,
               towers: [(c)-[:COVERS]->(x:ServiceTower) | x.id],
               suppliers: [(c)-[:AWARDED_TO]->(s:Organisation) | s.id]}
       ELSE head([(c)-[:PREVIOUSLY]->(v:ContractVersion)
                  WHERE coalesce(v.recorded_at, datetime('1970-01-01T00:00:00Z')) <= $as_known_on
                    AND $as_known_on < v.superseded_at
                  | v {id: v.contract_id, .holds, .start, .start_precision, .end, .end_precision,
                       .recorded_at, towers: v.tower_ids, suppliers: v.supplier_ids}])
  END AS fact
WHERE fact IS NOT NULL AND fact.holds AND t.id IN fact.towers
UNWIND fact.suppliers AS sid
MATCH (s:Organisation {id: sid})
WITH b, t, s, fact
WHERE fact.start <= $as_of AND (fact.end IS NULL OR fact.end >= $as_of)
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       s.id AS supplier_id, s.name AS supplier_name, fact.id AS contract_id,
       toString(fact.start) AS start, fact.start_precision AS start_precision,
       toString(fact.end) AS end, fact.end_precision AS end_precision,
       toString(fact.recorded_at) AS recorded_at
ORDER BY start, supplier_name, contract_id
