-- The GLPI tables the MoOne import reads, with GLPI's table and column names and types (as in upstream
-- install/mysql/glpi-10.0.x-empty.sql, trimmed to the columns read and a few neighbours). Used by the tests
-- (server/test/glpi.ts) and the bench (bench/moone-import.mjs). One statement per ';'.

CREATE TABLE glpi_configs (
  id int unsigned NOT NULL AUTO_INCREMENT, context varchar(150) DEFAULT NULL, name varchar(150) DEFAULT NULL, value text,
  PRIMARY KEY (id), UNIQUE KEY unicity (context, name));

CREATE TABLE glpi_entities (
  id int unsigned NOT NULL AUTO_INCREMENT, name varchar(255) DEFAULT NULL, entities_id int unsigned DEFAULT 0, completename text,
  comment text, level int NOT NULL DEFAULT 0, address text, postcode varchar(255) DEFAULT NULL, town varchar(255) DEFAULT NULL,
  email varchar(255) DEFAULT NULL, registration_number varchar(255) DEFAULT NULL, date_mod timestamp NULL DEFAULT NULL,
  date_creation timestamp NULL DEFAULT NULL, PRIMARY KEY (id), UNIQUE KEY unicity (entities_id, name));

CREATE TABLE glpi_users (
  id int unsigned NOT NULL AUTO_INCREMENT, name varchar(255) DEFAULT NULL, password varchar(255) DEFAULT NULL, phone varchar(255) DEFAULT NULL,
  realname varchar(255) DEFAULT NULL, firstname varchar(255) DEFAULT NULL, is_active tinyint NOT NULL DEFAULT 1,
  is_deleted tinyint NOT NULL DEFAULT 0, entities_id int unsigned NOT NULL DEFAULT 0, profiles_id int unsigned NOT NULL DEFAULT 0,
  date_mod timestamp NULL DEFAULT NULL, PRIMARY KEY (id), UNIQUE KEY unicityloginauth (name));

CREATE TABLE glpi_useremails (
  id int unsigned NOT NULL AUTO_INCREMENT, users_id int unsigned NOT NULL DEFAULT 0, is_default tinyint NOT NULL DEFAULT 0,
  is_dynamic tinyint NOT NULL DEFAULT 0, email varchar(255) DEFAULT NULL, PRIMARY KEY (id), UNIQUE KEY unicity (users_id, email));

CREATE TABLE glpi_groups (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, name varchar(255) DEFAULT NULL,
  completename text, comment text, PRIMARY KEY (id));

CREATE TABLE glpi_suppliers (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, name varchar(255) DEFAULT NULL,
  email varchar(255) DEFAULT NULL, is_deleted tinyint NOT NULL DEFAULT 0, PRIMARY KEY (id));

CREATE TABLE glpi_itilcategories (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, itilcategories_id int unsigned NOT NULL DEFAULT 0,
  name varchar(255) DEFAULT NULL, completename text, PRIMARY KEY (id));

CREATE TABLE glpi_requesttypes (
  id int unsigned NOT NULL AUTO_INCREMENT, name varchar(255) DEFAULT NULL, is_helpdesk_default tinyint NOT NULL DEFAULT 0,
  is_active tinyint NOT NULL DEFAULT 1, comment text, PRIMARY KEY (id));

CREATE TABLE glpi_contracts (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, name varchar(255) DEFAULT NULL,
  num varchar(255) DEFAULT NULL, begin_date date DEFAULT NULL, duration int NOT NULL DEFAULT 0, is_deleted tinyint NOT NULL DEFAULT 0,
  PRIMARY KEY (id));

CREATE TABLE glpi_tickets (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, name varchar(255) DEFAULT NULL,
  date timestamp NULL DEFAULT NULL, closedate timestamp NULL DEFAULT NULL, solvedate timestamp NULL DEFAULT NULL,
  takeintoaccountdate timestamp NULL DEFAULT NULL, date_mod timestamp NULL DEFAULT NULL, users_id_lastupdater int unsigned NOT NULL DEFAULT 0,
  status int NOT NULL DEFAULT 1, users_id_recipient int unsigned NOT NULL DEFAULT 0, requesttypes_id int unsigned NOT NULL DEFAULT 0,
  content longtext, urgency int NOT NULL DEFAULT 1, impact int NOT NULL DEFAULT 1, priority int NOT NULL DEFAULT 1,
  itilcategories_id int unsigned NOT NULL DEFAULT 0, type int NOT NULL DEFAULT 1, global_validation int NOT NULL DEFAULT 1,
  slas_id_ttr int unsigned NOT NULL DEFAULT 0, slas_id_tto int unsigned NOT NULL DEFAULT 0, time_to_resolve timestamp NULL DEFAULT NULL,
  time_to_own timestamp NULL DEFAULT NULL, begin_waiting_date timestamp NULL DEFAULT NULL, sla_waiting_duration int NOT NULL DEFAULT 0,
  waiting_duration int NOT NULL DEFAULT 0, close_delay_stat int NOT NULL DEFAULT 0, solve_delay_stat int NOT NULL DEFAULT 0,
  takeintoaccount_delay_stat int NOT NULL DEFAULT 0, actiontime int NOT NULL DEFAULT 0, is_deleted tinyint NOT NULL DEFAULT 0,
  date_creation timestamp NULL DEFAULT NULL, PRIMARY KEY (id), KEY date_mod (date_mod), KEY entities_id (entities_id));

CREATE TABLE glpi_tickets_users (
  id int unsigned NOT NULL AUTO_INCREMENT, tickets_id int unsigned NOT NULL DEFAULT 0, users_id int unsigned NOT NULL DEFAULT 0,
  type int NOT NULL DEFAULT 1, use_notification tinyint NOT NULL DEFAULT 1, alternative_email varchar(255) DEFAULT NULL,
  PRIMARY KEY (id), UNIQUE KEY unicity (tickets_id, type, users_id, alternative_email), KEY user (users_id, type));

CREATE TABLE glpi_groups_tickets (
  id int unsigned NOT NULL AUTO_INCREMENT, tickets_id int unsigned NOT NULL DEFAULT 0, groups_id int unsigned NOT NULL DEFAULT 0,
  type int NOT NULL DEFAULT 1, PRIMARY KEY (id), UNIQUE KEY unicity (tickets_id, type, groups_id));

CREATE TABLE glpi_suppliers_tickets (
  id int unsigned NOT NULL AUTO_INCREMENT, tickets_id int unsigned NOT NULL DEFAULT 0, suppliers_id int unsigned NOT NULL DEFAULT 0,
  type int NOT NULL DEFAULT 1, use_notification tinyint NOT NULL DEFAULT 1, alternative_email varchar(255) DEFAULT NULL,
  PRIMARY KEY (id), UNIQUE KEY unicity (tickets_id, type, suppliers_id));

CREATE TABLE glpi_itilfollowups (
  id int unsigned NOT NULL AUTO_INCREMENT, itemtype varchar(100) NOT NULL, items_id int unsigned NOT NULL DEFAULT 0,
  date timestamp NULL DEFAULT NULL, users_id int unsigned NOT NULL DEFAULT 0, users_id_editor int unsigned NOT NULL DEFAULT 0,
  content longtext, is_private tinyint NOT NULL DEFAULT 0, requesttypes_id int unsigned NOT NULL DEFAULT 0,
  date_mod timestamp NULL DEFAULT NULL, date_creation timestamp NULL DEFAULT NULL, timeline_position tinyint NOT NULL DEFAULT 0,
  PRIMARY KEY (id), KEY item_id (items_id), KEY itemtype (itemtype));

CREATE TABLE glpi_tickettasks (
  id int unsigned NOT NULL AUTO_INCREMENT, uuid varchar(255) DEFAULT NULL, tickets_id int unsigned NOT NULL DEFAULT 0,
  taskcategories_id int unsigned NOT NULL DEFAULT 0, date timestamp NULL DEFAULT NULL, users_id int unsigned NOT NULL DEFAULT 0,
  users_id_editor int unsigned NOT NULL DEFAULT 0, content longtext, is_private tinyint NOT NULL DEFAULT 0, actiontime int NOT NULL DEFAULT 0,
  begin timestamp NULL DEFAULT NULL, end timestamp NULL DEFAULT NULL, state int NOT NULL DEFAULT 1, users_id_tech int unsigned NOT NULL DEFAULT 0,
  groups_id_tech int unsigned NOT NULL DEFAULT 0, date_mod timestamp NULL DEFAULT NULL, date_creation timestamp NULL DEFAULT NULL,
  PRIMARY KEY (id), KEY tickets_id (tickets_id));

CREATE TABLE glpi_itilsolutions (
  id int unsigned NOT NULL AUTO_INCREMENT, itemtype varchar(100) NOT NULL, items_id int unsigned NOT NULL DEFAULT 0,
  solutiontypes_id int unsigned NOT NULL DEFAULT 0, solutiontype_name varchar(255) DEFAULT NULL, content longtext,
  date_creation timestamp NULL DEFAULT NULL, date_mod timestamp NULL DEFAULT NULL, date_approval timestamp NULL DEFAULT NULL,
  users_id int unsigned NOT NULL DEFAULT 0, user_name varchar(255) DEFAULT NULL, users_id_editor int unsigned NOT NULL DEFAULT 0,
  users_id_approval int unsigned NOT NULL DEFAULT 0, status int DEFAULT 1, itilfollowups_id int unsigned DEFAULT NULL,
  PRIMARY KEY (id), KEY item_id (items_id), KEY itemtype (itemtype));

CREATE TABLE glpi_ticketvalidations (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, users_id int unsigned NOT NULL DEFAULT 0,
  tickets_id int unsigned NOT NULL DEFAULT 0, users_id_validate int unsigned NOT NULL DEFAULT 0, comment_submission text,
  comment_validation text, status int NOT NULL DEFAULT 2, submission_date timestamp NULL DEFAULT NULL,
  validation_date timestamp NULL DEFAULT NULL, timeline_position tinyint NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY tickets_id (tickets_id));

CREATE TABLE glpi_documents (
  id int unsigned NOT NULL AUTO_INCREMENT, entities_id int unsigned NOT NULL DEFAULT 0, name varchar(255) DEFAULT NULL,
  filename varchar(255) DEFAULT NULL, filepath varchar(255) DEFAULT NULL, documentcategories_id int unsigned NOT NULL DEFAULT 0,
  mime varchar(255) DEFAULT NULL, date_mod timestamp NULL DEFAULT NULL, comment text, is_deleted tinyint NOT NULL DEFAULT 0,
  link varchar(255) DEFAULT NULL, users_id int unsigned NOT NULL DEFAULT 0, tickets_id int unsigned NOT NULL DEFAULT 0,
  sha1sum char(40) DEFAULT NULL, is_blacklisted tinyint NOT NULL DEFAULT 0, tag varchar(255) DEFAULT NULL,
  date_creation timestamp NULL DEFAULT NULL, PRIMARY KEY (id));

CREATE TABLE glpi_documents_items (
  id int unsigned NOT NULL AUTO_INCREMENT, documents_id int unsigned NOT NULL DEFAULT 0, items_id int unsigned NOT NULL DEFAULT 0,
  itemtype varchar(100) NOT NULL, entities_id int unsigned NOT NULL DEFAULT 0, date_mod timestamp NULL DEFAULT NULL,
  users_id int unsigned DEFAULT 0, timeline_position tinyint NOT NULL DEFAULT 0, date_creation timestamp NULL DEFAULT NULL,
  date timestamp NULL DEFAULT NULL, PRIMARY KEY (id), UNIQUE KEY unicity (documents_id, itemtype, items_id, timeline_position),
  KEY item (itemtype, items_id));

CREATE TABLE glpi_ticketsatisfactions (
  id int unsigned NOT NULL AUTO_INCREMENT, tickets_id int unsigned NOT NULL DEFAULT 0, type int NOT NULL DEFAULT 1,
  date_begin timestamp NULL DEFAULT NULL, date_answered timestamp NULL DEFAULT NULL, satisfaction int DEFAULT NULL, comment text,
  PRIMARY KEY (id), UNIQUE KEY tickets_id (tickets_id));

CREATE TABLE glpi_logs (
  id int unsigned NOT NULL AUTO_INCREMENT, itemtype varchar(100) NOT NULL DEFAULT '', items_id int unsigned NOT NULL DEFAULT 0,
  itemtype_link varchar(100) NOT NULL DEFAULT '', linked_action int NOT NULL DEFAULT 0, user_name varchar(255) DEFAULT NULL,
  date_mod timestamp NULL DEFAULT NULL, id_search_option int NOT NULL DEFAULT 0, old_value varchar(255) DEFAULT NULL,
  new_value varchar(255) DEFAULT NULL, PRIMARY KEY (id), KEY item (itemtype, items_id));

CREATE TABLE glpi_tickets_contracts (
  id int unsigned NOT NULL AUTO_INCREMENT, tickets_id int unsigned NOT NULL DEFAULT 0, contracts_id int unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id), UNIQUE KEY unicity (tickets_id, contracts_id));
