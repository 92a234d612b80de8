-- Creates the fleet's database and its two group roles. Run once, as a superuser:
--   psql -h DBHOST -U postgres -v database=kiosk_fleet -v owner_password='…' -f create-fleet.sql
-- fleet_owner owns the schema and applies the kiosks' migrations (the kiosks' fleet.migrator);
-- fleet_kiosk is the group of every kiosk's own role (add-kiosk.sql): it reads the fleet, writes
-- only its own rows (row-level security) and never updates or deletes an audit event.
\set ON_ERROR_STOP on
CREATE ROLE fleet_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE fleet_kiosk NOLOGIN;
CREATE DATABASE :"database" OWNER fleet_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO fleet_owner, fleet_kiosk;
\connect :"database"
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA fleet AUTHORIZATION fleet_owner;
GRANT USAGE ON SCHEMA fleet TO fleet_kiosk;
