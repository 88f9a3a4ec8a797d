// @name succession
// @description The spells of a tower at a buyer, in order: who held it, from when to when, under which contracts.
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param tower tower example=networks -- the tower: id, name or alias; in Neo4j Browser give its id, e.g. :param tower => 'networks'
// @param follow_lineage boolean default=true -- true: a supplier's renames, mergers and acquisitions (lineage.csv) carry its spell on; false: every organisation stands alone
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column seq -- 1 for the first spell, 2 for the next...
// @column supplier_id -- the holder's id ('in-house' when the buyer ran it itself): with lineage, the name it held under last in the spell
// @column supplier_name -- the holder's name
// @column held_as -- every name the spell's contracts were signed under, in order (several only through lineage)
// @column start -- first day of the spell (first day of its first contract's start period)
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end; null while ongoing
// @column contract_ids -- the contracts merged into the spell, by start
// A spell is a stored (:Tenure) (docs/model.md): one supplier's unbroken hold
// on the tower, its contracts that overlap or touch merged, carried on through
// renames, mergers and acquisitions (not spin-offs) when lineage is followed.
// seq orders them by start, then end, then holder name.
MATCH (t:Tenure {buyer_id: $buyer, tower_id: $tower})
WHERE CASE WHEN $follow_lineage THEN t.with_lineage ELSE t.without_lineage END
MATCH (b:Buyer)<-[:AT]-(t)-[:OF]->(tower:ServiceTower)
MATCH (holder:Organisation {id: t.holder_id})
RETURN b.id AS buyer_id, b.name AS buyer_name, tower.id AS tower_id, tower.name AS tower_name,
       t.seq AS seq, holder.id AS supplier_id, holder.name AS supplier_name,
       COLLECT { MATCH (o:Organisation)-[h:HELD]->(t) WITH o.name AS name, min(h.order) AS first
                 RETURN name ORDER BY first } AS held_as,
       toString(t.from) AS start, t.from_precision AS start_precision,
       toString(t.to) AS end, t.to_precision AS end_precision, t.contract_ids AS contract_ids
ORDER BY seq
