-- A unit's group memberships end with the unit (a dissolved or merged commune no longer counts in a
-- group's population). Events now end them; this brings rows written before that into line:
-- memberships that would only have started after their unit ended never took effect, the others
-- end on the unit's last day.
DELETE gm FROM group_members gm JOIN organizations o ON o.id = gm.organization_id
  WHERE gm.valid_from > o.valid_to;
UPDATE group_members gm JOIN organizations o ON o.id = gm.organization_id
  SET gm.valid_to = o.valid_to
  WHERE gm.valid_to > o.valid_to;
-- Events look the memberships of an ending unit up by the unit.
ALTER TABLE group_members ADD KEY group_members_organization (organization_id, valid_to);
