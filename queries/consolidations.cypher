// @name consolidations
// @description Consolidations (one contract taking over towers that two or more suppliers held just before it) and fragmentations (the reverse, just after it ends).
// @param buyer buyer optional example="Met Police" -- only this buyer; null for all; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param since date optional example=2020-01-01 -- only events on or after this day; in Neo4j Browser :param since => date('2020-01-01')
// @param limit integer default=1000 example=1000 -- most events returned, in day order from the first; 0 for all
// @param names integer default=20 example=20 -- most other suppliers named per event (other_count says how many there were); 0 for all
// @column kind -- consolidation or fragmentation
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column contract_id -- the multi-tower contract
// @column supplier_ids -- its supplier(s)
// @column supplier_names -- their names
// @column day -- the day looked at: the day before the contract starts (consolidation) or after it ends (fragmentation)
// @column towers -- the contract's towers
// @column other_holders -- for each tower, who held it on that day: "tower: supplier, supplier" (the first ten named, then how many more)
// @column other_count -- how many distinct suppliers held those towers that day (two or more)
// @column other_suppliers -- their names, sorted: the first $names of them
// A contract covers two or more towers. On the day looked at it is not running,
// so a supplier renewing its own bundle is not a consolidation. Who held a
// tower that day: the suppliers of the buyer's contracts on it running then
// (in the order those contracts started). Each event is a stored
// (:Consolidation) derived with the tenure layer (docs/model.md), linked AT
// its buyer and AROUND the contract; it keeps the other suppliers' ids and
// names (other_ids, other_names), so this query looks none of them up.
// The events are put in order first and each is then found again by its key:
// reading the lists into the sorted rows themselves kept every one of them in
// memory to the end (at 1M generated contracts, 265,540 events naming 52
// million other suppliers ran Neo4j out of a 4 GB heap).
MATCH (event:Consolidation)
WHERE ($buyer IS NULL OR event.buyer_id = $buyer) AND ($since IS NULL OR event.day >= $since)
MATCH (b:Buyer)<-[:AT]-(event)-[:AROUND]->(deal:Contract)
WITH event.key AS key, b, deal ORDER BY event.day, b.name, deal.id
LIMIT CASE WHEN $limit > 0 THEN $limit ELSE 4294967295 END
MATCH (x:Consolidation {key: key})
RETURN x.kind AS kind, b.id AS buyer_id, b.name AS buyer_name, deal.id AS contract_id,
       COLLECT { MATCH (deal)-[:AWARDED_TO]->(own:Organisation) RETURN own.id ORDER BY own.name, own.id } AS supplier_ids,
       COLLECT { MATCH (deal)-[:AWARDED_TO]->(own:Organisation) RETURN own.name ORDER BY own.name, own.id } AS supplier_names,
       toString(x.day) AS day, x.towers AS towers, x.other_holders AS other_holders, size(x.other_ids) AS other_count,
       CASE WHEN $names > 0 THEN x.other_names[..$names] ELSE x.other_names END AS other_suppliers
