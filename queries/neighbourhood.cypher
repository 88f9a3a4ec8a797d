// @name neighbourhood
// @description Holding contracts around one buyer, supplier or tower on a day: the edges the explorer draws next to a node.
// @param center string example=metropolitan-police-service -- the node's id: an organisation id (kind organisation) or a tower id (kind tower)
// @param kind string default=organisation example=organisation -- organisation or tower
// @param as_of date example=2019-06-01 -- the day; in Neo4j Browser :param as_of => date('2019-06-01')
// @param limit integer default=500 example=500 -- most contracts returned (more means the answer was cut)
// @column contract_id -- the holding contract
// @column title -- its title
// @column status -- active or complete
// @column programme -- the programme it belongs to, if any
// @column buyer_id -- the buyer that awarded it
// @column buyer_name -- the buyer's name
// @column suppliers -- [{id, name, in_house}] its suppliers (the holders)
// @column towers -- [{id, name}] the towers it covers (empty when the source gave none)
// @column start -- first day of the start's period (YYYY-MM-DD)
// @column start_precision -- day, month, year or decade
// @column start_text -- the start as the source gave it
// @column end -- last day of the end's period, inclusive; null while ongoing
// @column end_precision -- precision of the end, null while ongoing
// @column end_text -- the end as the source gave it
// @column value -- contract value, if known
// @column currency -- its currency
// @column sources -- [{url, title}] where the contract is reported
// @column replaces -- [{contract_id, title, score, evidence, suppliers: [{id, name, in_house}]}] the contracts it most likely replaced (stored SUCCEEDS pairs)
// A contract is around an organisation when the organisation awarded it or
// holds it, and around a tower when it covers the tower. Only holding contracts
// (active or complete, with a supplier) whose [start, end] contains as_of count.
CALL () {
  MATCH (o:Organisation {id: $center})-[:AWARDED]->(c:Contract)
  WHERE $kind = 'organisation'
  RETURN c
  UNION
  MATCH (o:Organisation {id: $center})<-[:AWARDED_TO]-(c:Contract)
  WHERE $kind = 'organisation'
  RETURN c
  UNION
  MATCH (t:ServiceTower {id: $center})<-[:COVERS]-(c:Contract)
  WHERE $kind = 'tower'
  RETURN c
}
WITH c
WHERE c.holds AND c.start <= $as_of AND (c.end IS NULL OR c.end >= $as_of)
MATCH (b:Buyer)-[:AWARDED]->(c)
RETURN c.id AS contract_id, c.title AS title, c.status AS status, c.programme AS programme,
       b.id AS buyer_id, b.name AS buyer_name,
       [(c)-[:AWARDED_TO]->(s:Organisation) |
          {id: s.id, name: s.name, in_house: coalesce(s.in_house, false)}] AS suppliers,
       [(c)-[:COVERS]->(t:ServiceTower) | {id: t.id, name: t.name}] AS towers,
       toString(c.start) AS start, c.start_precision AS start_precision, c.start_text AS start_text,
       toString(c.end) AS end, c.end_precision AS end_precision, c.end_text AS end_text,
       c.value AS value, c.currency AS currency,
       [(c)-[:SOURCED_FROM]->(src:Source) | {url: src.url, title: src.title}] AS sources,
       [(c)-[r:SUCCEEDS]->(p:Contract) | {contract_id: p.id, title: p.title, score: r.score, evidence: r.evidence,
          suppliers: [(p)-[:AWARDED_TO]->(ps:Organisation) | {id: ps.id, name: ps.name, in_house: coalesce(ps.in_house, false)}]}]
         AS replaces
ORDER BY start, contract_id
LIMIT $limit
