-- history_groups.seq is the seq of a group's first entry, as groups record
-- it when written; migration 3 filled in the last entry's for the groups it
-- found. Undo reads a group from that seq on (storage/undo.go), so those
-- rows get their first entry's.
UPDATE history_groups SET seq = m.first
  FROM (SELECT grp, min(seq) AS first FROM history GROUP BY grp) AS m
  WHERE m.grp = history_groups.grp AND history_groups.seq <> m.first;
