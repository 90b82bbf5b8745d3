-- Undo and redo. Every history group (one user action) gets a row here:
-- kind 'do' for an ordinary action, 'undo' for a group that reverted group
-- `reverts`, 'redo' for a group that reverted an undo group. The undo stack
-- is read from these rows, so it survives restarts.
CREATE TABLE history_groups (
    grp     TEXT    NOT NULL PRIMARY KEY,
    kind    TEXT    NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
    reverts TEXT    REFERENCES history_groups(grp),
    actor   TEXT    NOT NULL,
    seq     INTEGER NOT NULL   -- order of the groups
);
CREATE INDEX history_groups_actor ON history_groups(actor, seq);
CREATE INDEX history_groups_reverts ON history_groups(reverts);

-- Groups written before this version become ordinary actions.
INSERT INTO history_groups(grp, kind, reverts, actor, seq)
    SELECT grp, 'do', NULL, min(actor), max(seq) FROM history GROUP BY grp;
