// @name succession
// @description The spells of a tower at a buyer, in order: who held it, from when to when, under which contracts.
// @param buyer string example="Met Police" -- the buyer's id, name or any alias (lower-case match)
// @param tower string example=networks -- the tower's id, name or alias
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
// A spell is one supplier's unbroken hold on the tower: its contracts that
// overlap or touch (next start at most one day after the previous end) merge.
// Spells are ordered by start, then end, then supplier name.
// Lineage: a contract continues a spell when its supplier is the spell's, or
// one the spell's supplier had become (renamed, merged-into, acquired-by;
// every event dated on or before the contract's start). spun-off is not
// followed: the parent carries on as itself. Two companies that later merged
// were still rivals before the merger, so their spells stay apart.
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
// line: the organisation s finally became, which groups the work; former:
// the organisations that had become s by the contract's start
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
// each contract joins the latest spell it touches whose suppliers it is, or
// was formerly, or had become; otherwise it starts a spell
WITH b, t, line, reduce(spells = [], h IN held |
  head([i IN [last([j IN range(0, size(spells) - 1)
                    WHERE (spells[j].end IS NULL OR h.c.start <= spells[j].end + duration({days: 1}))
                      AND (h.s.id IN spells[j].ids OR h.s.id IN spells[j].former
                           OR any(x IN spells[j].ids WHERE x IN h.former))])] |
    CASE WHEN i IS NULL
    THEN spells + [{start: h.c.start, start_precision: h.c.start_precision,
                    end: h.c.end, end_precision: h.c.end_precision,
                    holder: h.s, ids: [h.s.id], held_as: [h.s.name], former: h.former,
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
      held_as: spells[j].held_as + [x IN [h.s.name] WHERE NOT x IN spells[j].held_as],
      former: spells[j].former + [x IN h.former WHERE NOT x IN spells[j].former],
      contract_ids: spells[j].contract_ids + h.c.id} END]
    END])) AS spells
UNWIND spells AS spell
WITH b, t, spell
ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), spell.holder.name
WITH b, t, collect(spell) AS ordered
UNWIND range(0, size(ordered) - 1) AS i
WITH b, t, i, ordered[i] AS spell
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       i + 1 AS seq, spell.holder.id AS supplier_id, spell.holder.name AS supplier_name,
       spell.held_as AS held_as,
       toString(spell.start) AS start, spell.start_precision AS start_precision,
       toString(spell.end) AS end, spell.end_precision AS end_precision,
       spell.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq
