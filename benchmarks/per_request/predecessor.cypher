// @name predecessor
// @description Who held a tower at a buyer before a supplier (or before the holder on a given day).
// @param buyer string example="Met Police" -- the buyer's id, name or any alias (lower-case match)
// @param tower string example=networks -- the tower's id, name or alias
// @param supplier string optional example=Capgemini -- the supplier whose predecessor is wanted (id, name or alias); give this or as_of
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
// Spells as in succession.cypher (In-house counts as a holder). With as_of,
// when several spells cover the day (a transition), the holder is the one that
// started last: the newcomer. No row when the holder has no spell there.
// Lineage as in succession.cypher: a spell's forerunners are the organisations
// its supplier had become by the spell's start; they are not its predecessors.
CALL () {
  MATCH (b:Organisation:Buyer {id: $buyer}) RETURN b
  UNION
  MATCH (:Alias {key: toLower(trim($buyer))})-[:ALIAS_OF]->(b:Buyer) RETURN b
}
CALL () {
  MATCH (t:ServiceTower {id: $tower}) RETURN t
  UNION
  MATCH (:Alias {key: toLower(trim($tower))})-[:ALIAS_OF]->(t:ServiceTower) RETURN t
}
MATCH (b)-[:AWARDED]->(c:Contract)-[:COVERS]->(t)
WHERE c.holds
MATCH (c)-[:AWARDED_TO]->(s:Organisation)
WITH b, t, s, c,
  CASE WHEN $follow_lineage THEN coalesce(head(COLLECT {
    MATCH p = (s)-[:BECAME*1..10]->(h:Organisation)
    WHERE all(r IN relationships(p) WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'])
      AND NOT EXISTS { (h)-[n:BECAME]->() WHERE n.kind IN ['renamed', 'merged-into', 'acquired-by'] }
    RETURN h.id ORDER BY h.id
  }), s.id) ELSE s.id END AS line,
  CASE WHEN $follow_lineage THEN COLLECT {
    MATCH p = (a:Organisation)-[:BECAME*1..10]->(s)
    WHERE all(r IN relationships(p)
              WHERE r.kind IN ['renamed', 'merged-into', 'acquired-by'] AND r.date <= c.start)
    RETURN DISTINCT a.id
  } ELSE [] END AS former
WITH b, t, line, s, c, former ORDER BY c.start, c.id
WITH b, t, line, collect({c: c, s: s, former: former}) AS held
WITH b, t, line, reduce(spells = [], h IN held |
  head([i IN [last([j IN range(0, size(spells) - 1)
                    WHERE (spells[j].end IS NULL OR h.c.start <= spells[j].end + duration({days: 1}))
                      AND (h.s.id IN spells[j].ids OR h.s.id IN spells[j].former
                           OR any(x IN spells[j].ids WHERE x IN h.former))])] |
    CASE WHEN i IS NULL
    THEN spells + [{start: h.c.start, start_precision: h.c.start_precision,
                    end: h.c.end, end_precision: h.c.end_precision,
                    holder: h.s, ids: [h.s.id], former: h.former, forerunners: h.former,
                    contract_ids: [h.c.id]}]
    ELSE [j IN range(0, size(spells) - 1) | CASE WHEN j <> i THEN spells[j] ELSE {
      start: spells[j].start, start_precision: spells[j].start_precision,
      end: CASE WHEN spells[j].end IS NULL OR h.c.end IS NULL THEN null
                WHEN h.c.end > spells[j].end THEN h.c.end ELSE spells[j].end END,
      end_precision: CASE WHEN spells[j].end IS NULL OR h.c.end IS NULL THEN null
                          WHEN h.c.end > spells[j].end THEN h.c.end_precision
                          ELSE spells[j].end_precision END,
      holder: CASE WHEN spells[j].holder.id IN h.former THEN h.s ELSE spells[j].holder END,
      ids: spells[j].ids + [x IN [h.s.id] WHERE NOT x IN spells[j].ids],
      former: spells[j].former + [x IN h.former WHERE NOT x IN spells[j].former],
      forerunners: spells[j].forerunners,
      contract_ids: spells[j].contract_ids + h.c.id} END]
    END])) AS spells
UNWIND spells AS spell
WITH b, t, collect({s: spell.holder, spell: spell}) AS spells
WITH b, t, spells,
     CASE WHEN $supplier IS NULL THEN []
          ELSE [$supplier] + [(:Alias {key: toLower(trim($supplier))})-[:ALIAS_OF]->(o:Organisation) | o.id]
     END AS targets
WITH b, t, spells,
     [x IN spells WHERE
        (size(targets) > 0 AND any(id IN x.spell.ids WHERE id IN targets))
        OR (size(targets) = 0 AND $as_of IS NOT NULL AND x.spell.start <= $as_of
            AND (x.spell.end IS NULL OR x.spell.end >= $as_of))] AS candidates
UNWIND candidates AS candidate
WITH b, t, spells, candidate
ORDER BY candidate.spell.start DESC, coalesce(candidate.spell.end, date('9999-12-31')) DESC, candidate.s.name
WITH b, t, spells, head(collect(candidate)) AS holder
WITH b, t, holder,
     [x IN spells WHERE x.spell.start < holder.spell.start
        AND none(id IN x.spell.ids WHERE id IN holder.spell.ids OR id IN holder.spell.forerunners)] AS earlier
UNWIND (CASE WHEN size(earlier) = 0 THEN [null] ELSE earlier END) AS before
WITH b, t, holder, before
ORDER BY before.spell.start DESC, coalesce(before.spell.end, date('9999-12-31')) DESC, before.s.name
WITH b, t, holder, head(collect(before)) AS pred
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       holder.s.id AS holder_id, holder.s.name AS holder_name,
       toString(holder.spell.start) AS holder_start, toString(holder.spell.end) AS holder_end,
       pred.s.id AS predecessor_id, pred.s.name AS predecessor_name,
       toString(pred.spell.start) AS start, pred.spell.start_precision AS start_precision,
       toString(pred.spell.end) AS end, pred.spell.end_precision AS end_precision,
       pred.spell.contract_ids AS contract_ids
