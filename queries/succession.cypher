// @name succession
// @description The spells of a tower at a buyer, in order: who held it, from when to when, under which contracts.
// @param buyer string example="Met Police" -- the buyer's id, name or any alias (lower-case match)
// @param tower string example=networks -- the tower's id, name or alias
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the canonical tower's id
// @column tower_name -- the canonical tower's name
// @column seq -- 1 for the first spell, 2 for the next...
// @column supplier_id -- the holder's id ('in-house' when the buyer ran it itself)
// @column supplier_name -- the holder's name
// @column start -- first day of the spell (first day of its first contract's start period)
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end; null while ongoing
// @column contract_ids -- the contracts merged into the spell, by start
// A spell is one supplier's unbroken hold on the tower: its contracts that
// overlap or touch (next start at most one day after the previous end) merge.
// Spells are ordered by start, then end, then supplier name.
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
WITH b, t, s, c ORDER BY c.start, c.id
WITH b, t, s, collect(c) AS contracts
WITH b, t, s, reduce(spells = [], c IN contracts |
  CASE
    WHEN size(spells) > 0
         AND (last(spells).end IS NULL OR c.start <= last(spells).end + duration({days: 1}))
    THEN spells[..-1] + [{
      start: last(spells).start, start_precision: last(spells).start_precision,
      end: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                WHEN c.end > last(spells).end THEN c.end ELSE last(spells).end END,
      end_precision: CASE WHEN last(spells).end IS NULL OR c.end IS NULL THEN null
                          WHEN c.end > last(spells).end THEN c.end_precision
                          ELSE last(spells).end_precision END,
      contract_ids: last(spells).contract_ids + c.id}]
    ELSE spells + [{start: c.start, start_precision: c.start_precision,
                    end: c.end, end_precision: c.end_precision, contract_ids: [c.id]}]
  END) AS spells
UNWIND spells AS spell
WITH b, t, s, spell
ORDER BY spell.start, coalesce(spell.end, date('9999-12-31')), s.name
WITH b, t, collect({s: s, spell: spell}) AS ordered
UNWIND range(0, size(ordered) - 1) AS i
WITH b, t, i, ordered[i].s AS s, ordered[i].spell AS spell
RETURN b.id AS buyer_id, b.name AS buyer_name, t.id AS tower_id, t.name AS tower_name,
       i + 1 AS seq, s.id AS supplier_id, s.name AS supplier_name,
       toString(spell.start) AS start, spell.start_precision AS start_precision,
       toString(spell.end) AS end, spell.end_precision AS end_precision,
       spell.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq
