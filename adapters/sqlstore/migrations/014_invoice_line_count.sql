-- LINES is a reserved word in MySQL: the invoice's line count gets a name
-- every database accepts.
ALTER TABLE {invoices} RENAME COLUMN lines TO line_count;
