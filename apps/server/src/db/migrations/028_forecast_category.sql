-- 028: forecasts per incident category (issue 18). A run is for a district, a local date and a category (null: all
-- incidents together, as before); the category's forecast borrows strength from every incident (docs/forecast.md).
alter table forecast_runs add column category text;
alter table forecast_runs drop constraint forecast_runs_district_id_for_date_key;
create unique index forecast_runs_district_date_category on forecast_runs (district_id, for_date, coalesce(category, ''));
