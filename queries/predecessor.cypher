// @name predecessor
// @description Who held a tower at a buyer before a supplier (or before the holder on a given day).
// @param buyer buyer example="Met Police" -- the buyer: id, name or alias; in Neo4j Browser give its id, e.g. :param buyer => 'metropolitan-police-service'
// @param tower tower example=networks -- the tower: id, name or alias; in Neo4j Browser give its id, e.g. :param tower => 'networks'
// @param supplier supplier optional example=Capgemini -- the supplier whose predecessor is wanted; give this or as_of; in Neo4j Browser give its id, e.g. :param supplier => 'capgemini'
// @param as_of date optional example=2019-06-01 -- or: the predecessor of the holder on this day
// @param follow_lineage boolean default=true -- true: the holder's former names (renames, mergers, acquisitions in lineage.csv) are not its predecessors
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column holder_id -- the supplier asked about (or the holder on as_of); with lineage, the name it held the spell under last
// @column holder_name -- its name
// @column holder_start -- first day of its spell in question (its most recent spell, or the one covering as_of)
// @column holder_end -- last day of that spell; null while ongoing
// @column predecessor_id -- the supplier of the latest spell that started before that spell and is not the holder (nor, with lineage, what the holder was before); null if none
// @column predecessor_name -- its name
// @column start -- first day of the predecessor's spell
// @column start_precision -- day, month, year or decade
// @column end -- last day of the predecessor's spell, inclusive; null while ongoing
// @column end_precision -- precision of that end
// @column contract_ids -- the predecessor's contracts in that spell
// Spells are the stored tenures, as in succession.cypher (in-house counts as a
// holder). The holder's spell: the latest one held under the supplier (or,
// with as_of, covering the day: in a transition the newcomer, which started
// last). No row when there is none. The predecessor: the latest spell that
// started before it whose suppliers are neither the holder's nor its
// forerunners (what it had been, by lineage, when the spell started).
MATCH (t:Tenure {buyer_id: $buyer, tower_id: $tower})
WHERE CASE WHEN $follow_lineage THEN t.with_lineage ELSE t.without_lineage END
  AND CASE WHEN $supplier IS NOT NULL THEN $supplier IN t.held_by
           ELSE t.from <= $as_of AND (t.to IS NULL OR t.to >= $as_of) END
MATCH (holder:Organisation {id: t.holder_id})
WITH t, holder ORDER BY t.from DESC, coalesce(t.to, date('9999-12-31')) DESC, holder.name LIMIT 1
OPTIONAL CALL (t) {
  MATCH (p:Tenure {buyer_id: $buyer, tower_id: $tower})
  WHERE CASE WHEN $follow_lineage THEN p.with_lineage ELSE p.without_lineage END
    AND p.from < t.from AND none(x IN p.held_by WHERE x IN t.held_by OR x IN t.forerunners)
  MATCH (pred:Organisation {id: p.holder_id})
  RETURN p, pred ORDER BY p.from DESC, coalesce(p.to, date('9999-12-31')) DESC, pred.name LIMIT 1
}
MATCH (b:Buyer)<-[:AT]-(t)-[:OF]->(tower:ServiceTower)
RETURN b.id AS buyer_id, b.name AS buyer_name, tower.id AS tower_id, tower.name AS tower_name,
       holder.id AS holder_id, holder.name AS holder_name,
       toString(t.from) AS holder_start, toString(t.to) AS holder_end,
       pred.id AS predecessor_id, pred.name AS predecessor_name,
       toString(p.from) AS start, p.from_precision AS start_precision,
       toString(p.to) AS end, p.to_precision AS end_precision, p.contract_ids AS contract_ids
