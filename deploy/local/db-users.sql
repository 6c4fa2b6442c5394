-- The two database users of a service, @SERVICE@ standing for its name (registry, plans...):
--   @SERVICE@          serves: reads and writes rows, nothing else. Without CREATE, ALTER, DROP
--                      (hence TRUNCATE), INDEX or TRIGGER it cannot change the schema, drop or
--                      empty the audit log, or remove the triggers that keep the log append-only.
--   @SERVICE@_migrate  applies migrations (`<service> --migrate_only`); the serving process is
--                      never given its password.
-- deploy/local/up runs this as root for each service; the integration tests check the grants.
CREATE DATABASE IF NOT EXISTS `@SERVICE@` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '@SERVICE@'@'localhost' IDENTIFIED BY '@PASSWORD@';
ALTER USER '@SERVICE@'@'localhost' IDENTIFIED BY '@PASSWORD@';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '@SERVICE@'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON `@SERVICE@`.* TO '@SERVICE@'@'localhost';
CREATE USER IF NOT EXISTS '@SERVICE@_migrate'@'localhost' IDENTIFIED BY '@MIGRATE_PASSWORD@';
ALTER USER '@SERVICE@_migrate'@'localhost' IDENTIFIED BY '@MIGRATE_PASSWORD@';
GRANT ALL PRIVILEGES ON `@SERVICE@`.* TO '@SERVICE@_migrate'@'localhost';
