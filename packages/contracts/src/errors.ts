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
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
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
