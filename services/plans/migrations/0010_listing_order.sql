-- ListPlans and ListDocuments page newest first by (issue_date, id): an index in that order lets
-- a page be read from the index and stop at its limit, instead of sorting every visible row on
-- every page (28,000 plans: a filesort of all of them per page).
ALTER TABLE plans ADD KEY plans_issue_date (issue_date, id);
ALTER TABLE documents ADD KEY documents_issue_date (issue_date, id);
