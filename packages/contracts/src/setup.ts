// Schemas of the first run (issue 12 part 5): while no user account exists, GET /api/setup says so and POST
// /api/setup creates the first administrator and names the county, once; POST /api/setup/demo loads the demo county
// instead. Both need the one-time setup token the server prints in its log at start. See docs/api.md "First run".
import { Type, type Static } from '@sinclair/typebox';

export const SETUP_DEMO_STATES = ['idle', 'seeding', 'done', 'failed'] as const;
export type SetupDemoState = (typeof SETUP_DEMO_STATES)[number];

export const SetupStatusS = Type.Object({
  /** No user account exists: the web shows the first-run page instead of the login. */
  needed: Type.Boolean(),
  /** The county's name and code as named at setup (null before, or when the demo was loaded). */
  county: Type.Union([Type.Object({ name: Type.String(), code: Type.String() }), Type.Null()]),
  /** The demo county loaded from the first-run page: where its seed is (idle when none was asked for). */
  demo: Type.Object({
    state: Type.Union(SETUP_DEMO_STATES.map((s) => Type.Literal(s))),
    step: Type.Union([Type.String(), Type.Null()]),
    done: Type.Integer(),
    steps: Type.Integer(),
  }),
});
export type SetupStatus = Static<typeof SetupStatusS>;

/** The one-time token the server prints at start while no account exists (`#setup=` in the printed address). */
const Token = Type.String({ minLength: 1, maxLength: 200 });

export const SetupBody = Type.Object(
  {
    token: Token,
    /** The administrator's user name: 2-64 of a-z, 0-9, _ . - (lower-cased). */
    username: Type.String({ minLength: 2, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    /** The same strength rules as every administrator's password (12 characters or more, not guessable). */
    password: Type.String({ minLength: 1, maxLength: 256 }),
    /** The county (县、市、区) this deployment serves, e.g. 姜堰区公安局 or 姜堰区. */
    countyName: Type.String({ minLength: 1, maxLength: 64 }),
    /** Its administrative division code (6 digits), the root area's code when its areas are imported. */
    countyCode: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false },
);
export type SetupBody = Static<typeof SetupBody>;

export const SetupDemoBody = Type.Object({ token: Token }, { additionalProperties: false });
export type SetupDemoBody = Static<typeof SetupDemoBody>;

export const SetupDoneS = Type.Object({ username: Type.String(), county: Type.Object({ name: Type.String(), code: Type.String() }) });
export type SetupDone = Static<typeof SetupDoneS>;
