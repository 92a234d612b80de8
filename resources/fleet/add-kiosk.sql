-- Adds one kiosk: its own login role, a member of fleet_kiosk. Its name is the kiosk's id in
-- the fleet (config fleet.user) and the kiosk_id of every row it writes.
--   psql -h DBHOST -U postgres -d kiosk_fleet -v kiosk=kiosk_berlin_room_a -v password='…' -f add-kiosk.sql
-- The password goes into that kiosk's secret store (enrollment-kiosk secrets set fleet.password).
\set ON_ERROR_STOP on
CREATE ROLE :"kiosk" LOGIN PASSWORD :'password' IN ROLE fleet_kiosk CONNECTION LIMIT 8;
