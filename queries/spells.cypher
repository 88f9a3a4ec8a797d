// @name spells
// @description Every spell of every tower at every buyer (the whole succession table, for analytics).
// @param follow_lineage boolean default=true -- true: renames, mergers and acquisitions (lineage.csv) carry a spell on; false: every organisation stands alone
// @column buyer_id -- the buyer's id
// @column buyer_name -- the buyer's name
// @column tower_id -- the tower's id
// @column tower_name -- the tower's name
// @column seq -- position of the spell in its (buyer, tower) succession, from 1
// @column supplier_id -- the holder's id ('in-house' for the buyer itself); with lineage, the name it held under last
// @column supplier_name -- the holder's name
// @column in_house -- whether the holder is the buyer itself
// @column start -- first day of the spell
// @column start_precision -- day, month, year or decade
// @column end -- last day of the spell, inclusive; null while ongoing
// @column end_precision -- precision of the end
// @column contract_ids -- contracts merged into the spell
// The stored tenures, as in succession.cypher. Contracts with no known tower
// form no tenure, so they are not here (docs/model.md).
MATCH (b:Buyer)<-[:AT]-(t:Tenure)-[:OF]->(tower:ServiceTower)
WHERE CASE WHEN $follow_lineage THEN t.with_lineage ELSE t.without_lineage END
MATCH (holder:Organisation {id: t.holder_id})
RETURN b.id AS buyer_id, b.name AS buyer_name, tower.id AS tower_id, tower.name AS tower_name,
       t.seq AS seq, holder.id AS supplier_id, holder.name AS supplier_name, holder.id = 'in-house' AS in_house,
       toString(t.from) AS start, t.from_precision AS start_precision,
       toString(t.to) AS end, t.to_precision AS end_precision, t.contract_ids AS contract_ids
ORDER BY buyer_id, tower_id, seq
