// The one catalogue of error codes. Codes are stable: clients may switch on them.
// The HTTP error body is always { code, message, details? }.

export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  INVALID_GEOMETRY: { status: 400, message: 'A geometry is not valid' },
  INVALID_GEOJSON: { status: 400, message: 'The GeoJSON document is not valid' },
  UNKNOWN_PARENT: { status: 400, message: 'A parent area code is not known' },
  OUTSIDE_JURISDICTION: { status: 422, message: 'The location is outside every area of this deployment' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first' },
  BAD_CREDENTIALS: { status: 401, message: 'User name or password is wrong' },
  CSRF_FAILED: { status: 403, message: 'The CSRF token is missing or wrong' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this' },
  OUT_OF_SCOPE: { status: 403, message: 'This resource is outside your area' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  INCIDENT_NOT_FOUND: { status: 404, message: 'Incident not found' },
  UNIT_NOT_FOUND: { status: 404, message: 'Unit not found' },
  AREA_NOT_FOUND: { status: 404, message: 'Area not found' },
  STALE_VERSION: { status: 409, message: 'Someone changed this record first; reload and try again' },
  INVALID_TRANSITION: { status: 409, message: 'This action is not allowed in the current state' },
  UNIT_NOT_AVAILABLE: { status: 409, message: 'The unit is not available' },
  UNIT_ALREADY_ASSIGNED: { status: 409, message: 'The unit is already assigned to this incident' },
  DUPLICATE_CODE: { status: 409, message: 'An area with this code already exists' },
  NO_POSITION: { status: 409, message: 'The unit has no position' },
  OFF_ROAD: { status: 422, message: 'The point is too far from every road' },
  NO_ROADS: { status: 409, message: 'This deployment has no road network for this mode; import one (npm run cli -- roads import)' },
  DEVICE_NOT_FOUND: { status: 404, message: 'No unit has this device id' },
  REINFORCEMENT_NOT_FOUND: { status: 404, message: 'Reinforcement request not found' },
  DUPLICATE_DEVICE: { status: 409, message: 'Another unit already has this device id' },
  SHIFT_NOT_FOUND: { status: 404, message: 'Shift not found' },
  PATROL_POINT_NOT_FOUND: { status: 404, message: 'Patrol point not found' },
  PATROL_LINE_NOT_FOUND: { status: 404, message: 'Patrol line not found' },
  PATROL_PLAN_NOT_FOUND: { status: 404, message: 'Patrol plan not found' },
  PATROL_ROUTE_NOT_FOUND: { status: 404, message: 'Patrol route not found' },
  PATROL_FLAG_NOT_FOUND: { status: 404, message: 'Patrol flag not found' },
  PHOTO_NOT_FOUND: { status: 404, message: 'Photo not found' },
  CAMERA_NOT_FOUND: { status: 404, message: 'Camera not found' },
  VIDEO_ROUND_NOT_FOUND: { status: 404, message: 'Video patrol round not found' },
  DUPLICATE_PATROL_CODE: { status: 409, message: 'A point, line or camera with this code already exists' },
  PLAN_ALREADY_PUBLISHED: { status: 409, message: 'A published plan exists for this date, shift, tier and area; cancel it first' },
  NO_PATROL_FORCES: { status: 422, message: 'No patrol unit of this tier serves the area' },
  UNKNOWN_STOP: { status: 400, message: 'A stop is not a point, line or risk cell of this plan' },
  NOT_YOUR_ROUTE: { status: 403, message: 'This route belongs to another unit' },
  SHIFT_NOT_ON: { status: 409, message: 'Check-ins count only while the shift is on (or within 30 minutes of it)' },
  BAD_QR_TOKEN: { status: 422, message: 'The QR code is not valid for this point (reprinted or forged)' },
  CHECKIN_TOO_FAR: { status: 422, message: 'The check-in is too far from the place (by your position or your unit\'s recent track)' },
  CHECKIN_PHOTO_REQUIRED: { status: 422, message: 'A manual check-in needs a photo taken at the place' },
  PHOTO_BUSY: { status: 503, message: 'Too many photos are being processed; try again in a minute' },
  STOP_NOT_ON_ROUTE: { status: 422, message: 'This place is not on your route' },
  FRAUD_WARNING_NOT_FOUND: { status: 404, message: 'Warning not found' },
  // ---- forecasts, reports, notifications (issue 5)
  NOTIFICATION_NOT_FOUND: { status: 404, message: 'Notification not found' },
  FORECAST_NOT_FOUND: { status: 404, message: 'No forecast for this district and date; make one first' },
  REPORT_NOT_FOUND: { status: 404, message: 'Report not found' },
  NOT_A_DISTRICT: { status: 422, message: 'Forecasts are made per district (片区); choose a district' },
  WRONG_AREA_KIND: { status: 422, message: 'This report is made for another kind of area' },
  EXPORT_BUSY: { status: 503, message: 'Too many exports are being made; try again in a minute' },
  DEMO_PREPARING: { status: 503, message: 'The demo county is being prepared; try again in a few seconds' },
  // ---- the reform simulator (issue 20)
  SIM_RUN_NOT_FOUND: { status: 404, message: 'Simulation run not found' },
  SIM_NO_CALLS: { status: 422, message: 'The area has no calls in this period to replay' },
  SIM_BUSY: { status: 503, message: 'Too many simulations are running or waiting; try again in a few minutes' },
  // ---- tasks, indicators, assessment (issue 6): add below this line
  TASK_NOT_FOUND: { status: 404, message: 'Task not found' },
  TASK_TEMPLATE_NOT_FOUND: { status: 404, message: 'Task template not found' },
  TASK_ASSIGNMENT_NOT_FOUND: { status: 404, message: 'Task assignment not found' },
  TASK_CLOSED: { status: 409, message: 'The task is done or cancelled' },
  EVIDENCE_INVALID: { status: 422, message: 'The evidence does not meet the task\'s requirement' },
  EXTENSION_PENDING: { status: 409, message: 'An extension request is already pending' },
  NO_EXTENSION_PENDING: { status: 409, message: 'No extension request is pending' },
  EXTENSION_NOT_LATER: { status: 422, message: 'The new due time must be after the current one' },
  NOT_YOUR_TASK: { status: 403, message: 'This task is assigned to someone else' },
  NO_ASSIGNEES: { status: 422, message: 'Nobody is assigned: the team or area has no officer' },
  INDICATOR_NOT_FOUND: { status: 404, message: 'Indicator not found' },
  ASSESSMENT_PLAN_NOT_FOUND: { status: 404, message: 'Assessment plan not found' },
  DUPLICATE_TASK_CODE: { status: 409, message: 'A template or indicator with this code already exists' },
  INVALID_CSV: { status: 400, message: 'The CSV file is not valid' },
  // ---- accounts (issue 19: passwords, second factor)
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'Change your initial password first' },
  WEAK_PASSWORD: { status: 422, message: 'The password is too weak' },
  TOTP_REQUIRED: { status: 401, message: 'Enter the code of your authenticator app' },
  TOTP_INVALID: { status: 401, message: 'The authenticator code is wrong or was already used' },
  TOTP_NOT_PENDING: { status: 409, message: 'Start the second-factor enrolment first' },
  USER_NOT_FOUND: { status: 404, message: 'User not found' },
  SCOPE_REQUIRED: { status: 422, message: 'This role needs an area scope' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  // ---- the field terminal (issue 13)
  MDT_ASSIGNMENT_NOT_FOUND: { status: 404, message: 'Assignment not found' },
  MDT_PHOTO_NOT_FOUND: { status: 404, message: 'Photo not found' },
  // ---- command room (issue 14: safe dispatch, the incident lifecycle)
  RECOMMENDATION_STALE: { status: 409, message: 'The call or the unit changed since the list was made; look at the changes and confirm, or refresh' },
  INCIDENT_CLOSED: { status: 409, message: 'The call is no longer being worked: its grade cannot change' },
  FOLLOWUP_NOT_DUE: { status: 409, message: 'The follow-up visit is not due yet' },
  PLAN_WEIGHTS_NOT_100: { status: 422, message: 'The weights of an assessment plan must add up to 100' },
  // ---- intake and the shift handover (issue 14)
  HANDOVER_NOT_FOUND: { status: 404, message: 'Shift handover not found' },
  DUPLICATE_CLOSED: { status: 409, message: 'The call ended too long ago to link a repeated call: take it as a new call' },
  HANDOVER_OWN: { status: 409, message: 'The next shift acknowledges a handover, not the one who wrote it' },
  // ---- administration (issue 12)
  AGENCY_NOT_FOUND: { status: 404, message: 'Agency not found' },
  TEAM_NOT_FOUND: { status: 404, message: 'Team not found' },
  PERSON_NOT_FOUND: { status: 404, message: 'Person not found' },
  STILL_REFERENCED: { status: 409, message: 'Open work still points to this record; end it first' },
  ROSTER_NOT_FOUND: { status: 404, message: 'Duty roster not found' },
  LEAVE_NOT_FOUND: { status: 404, message: 'Leave not found' },
  DUTY_NOT_FOUND: { status: 404, message: 'Duty not found' },
  ON_LEAVE: { status: 409, message: 'The person is on leave during this duty' },
  DUTY_STARTED: { status: 409, message: 'The duty has already started; swap duties that have not' },
  KEY_PLACE_NOT_FOUND: { status: 404, message: 'Key place not found' },
  // ---- the phone's offline queue (issue 13 part 5)
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This idempotency key was already used for a different request' },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, message: 'The first request with this idempotency key is still being handled; retry shortly' },
  INSTRUCTION_NOT_FOUND: { status: 404, message: 'Instruction not found' },
  INSTRUCTION_RECEIPT_NOT_FOUND: { status: 404, message: 'Instruction receipt not found' },
  NO_RECIPIENTS: { status: 422, message: 'Nobody with an account is reached by this target' },
  // ---- the registry, 一标三实 (issue 15)
  ADDRESS_NOT_FOUND: { status: 404, message: 'Address not found' },
  HOUSE_NOT_FOUND: { status: 404, message: 'House not found' },
  RESIDENT_NOT_FOUND: { status: 404, message: 'Resident not found' },
  RESIDENCY_NOT_FOUND: { status: 404, message: 'Residency not found' },
  REGISTRY_UNIT_NOT_FOUND: { status: 404, message: 'Business or organisation not found' },
  ADDRESS_EXISTS: { status: 409, message: 'This standard address already exists' },
  ADDRESS_OUTSIDE: { status: 422, message: 'The point is outside the jurisdiction' },
  INVALID_ID_NUMBER: { status: 422, message: 'The ID number is not valid (GB 11643)' },
  DUPLICATE_ID_NUMBER: { status: 409, message: 'A resident with this ID number exists; add a residency to them or merge' },
  RESIDENT_MERGED: { status: 409, message: 'This resident was merged into another record' },
  INVALID_IMPORT: { status: 400, message: 'The import file cannot be read' },
  IMPORT_ENCODING: { status: 400, message: 'The CSV file is neither UTF-8 nor GBK; save it as UTF-8 or as Excel (.xlsx)' },
  IMPORT_REJECTED: { status: 422, message: 'Rows of the file are at fault; nothing was written' },
  // ---- cases (issue 17)
  CASE_NOT_FOUND: { status: 404, message: 'Case not found' },
  CASE_ITEMS_MISSING: { status: 409, message: 'The step needs items the case does not have yet' },
  CASE_ENDED: { status: 409, message: 'The case has ended: nothing can be added to it' },
  CASE_LIMIT_NOT_FOUND: { status: 404, message: 'Case time limit not found' },
  // ---- disputes (issue 16)
  DISPUTE_NOT_FOUND: { status: 404, message: 'Dispute not found' },
  DISPUTE_SESSION_REQUIRED: { status: 409, message: 'A dispute is resolved only after a mediation session is recorded' },
  DISPUTE_PLACE_REQUIRED: { status: 422, message: 'A dispute needs a place: a point inside the county or an area' },
  DISPUTE_REFERRAL_NOT_FOUND: { status: 404, message: 'Referral not found' },
  // ---- work-handover tickets (issue 16)
  TICKET_NOT_FOUND: { status: 404, message: 'Ticket not found' },
  TICKET_NO_DEPARTMENT: { status: 422, message: 'No department has the duty for this category here; name the department' },
  TICKET_UNKNOWN_DEPARTMENT: { status: 422, message: 'Unknown or retired department' },
  JOINT_GROUP_NOT_FOUND: { status: 404, message: 'Joint group not found' },
  JOINT_GROUP_NOT_JOINT: { status: 422, message: 'A joint group needs members of both the police and 城管' },
  JOINT_POST_NOT_FOUND: { status: 404, message: 'Service post not found' },
  JOINT_POST_NAME_TAKEN: { status: 409, message: 'A service post with this name exists' },
  TICKET_SOURCE_NOT_FOUND: { status: 422, message: 'The source record of the ticket does not exist' },
  TICKET_NOTE_REQUIRED: { status: 422, message: 'This step needs a note' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** details for VALIDATION_FAILED: one entry per field at fault. */
export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. "/lon" or "/features/3/geometry". */
  field: string;
  message: string;
}
