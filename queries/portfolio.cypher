// @name portfolio
// @description A buyer's portfolio timeline: every contract and process, with suppliers, towers and dates.
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @column contract_id -- the contract (or planned/open process)
// @column title -- its title
// @column status -- active, complete, planned, open, cancelled or unsuccessful
// @column programme -- the programme it belongs to, when known
// @column supplier_ids -- its supplier(s); empty for a process not yet awarded
// @column supplier_names -- their names
// @column towers -- towers it covers (empty when the source named none)
// @column start -- first day of its start period; null for a process with no date
// @column start_precision -- day, month, year or decade
// @column end -- last day of its end period, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column value -- value, when known
// @column currency -- the value's currency
MATCH (b:Organisation:Buyer {id: $buyer})
MATCH (b)-[:AWARDED]->(c:Contract)
RETURN c.id AS contract_id, c.title AS title, c.status AS status, c.programme AS programme,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.id ORDER BY s.name } AS supplier_ids,
       COLLECT { MATCH (c)-[:AWARDED_TO]->(s) RETURN s.name ORDER BY s.name } AS supplier_names,
       COLLECT { MATCH (c)-[:COVERS]->(t) RETURN t.name ORDER BY t.name } AS towers,
       toString(c.start) AS start, c.start_precision AS start_precision,
       toString(c.end) AS end, c.end_precision AS end_precision,
       c.value AS value, c.currency AS currency
ORDER BY c.start IS NULL, c.start, contract_id
