// Guardrails (issue 11): the direction of dependencies and the module shape, checked by `npm run lint` and CI.
//   packages/core        imports nothing of ours (pure engines)
//   packages/contracts   imports nothing but TypeBox
//   apps/web             never the server; the map folder never a feature
//   apps/server modules  SQL only in repo files (modules/<d>/repo.ts or modules/<d>/repo/*.ts) and src/db; a module
//                        reaches another only through its service (never its repo or routes)
// Rule set: typescript-eslint's non-type-aware recommended rules, minus the ones this code base does not follow yet.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const SQL_METHODS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'selectNoFrom', 'replaceInto'];
const sqlOutsideRepo = [
  {
    selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${SQL_METHODS.join('|')})$/]`,
    message: 'SQL lives in repo files (modules/<domain>/repo.ts or repo/*.ts) or src/db: call a repo function.',
  },
];
const sqlImport = { name: 'kysely', importNames: ['sql'], message: 'SQL lives in repo files (modules/<domain>/repo.ts or repo/*.ts) or src/db.' };
const otherModulesRepo = {
  group: ['../*/repo', '../*/repo/*', '../../modules/*/repo', '../../modules/*/repo/*', '../modules/*/repo', '../modules/*/repo/*', './modules/*/repo', './modules/*/repo/*'],
  message: "A module reaches another only through that module's service (or the realtime publish module), never its repo.",
};
const otherModulesRoutes = {
  group: ['../*/routes', '../../modules/*/routes'],
  message: "Routes are registered by app.ts only; call the other module's service.",
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.mjs', '**/*.js', 'apps/web/vite.config.ts', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-empty-object-type': 'off',
      // the engines' hot loops use comma sequences on purpose (ch.ts, reach.ts)
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@jingwang/*', '**/contracts/**', '**/apps/**'], message: 'packages/core imports nothing of ours.' }] }],
    },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!@sinclair/typebox(/|$)|\\./)', message: 'packages/contracts imports nothing but TypeBox.' }] }],
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [{ group: ['@jingwang/server', '@jingwang/server/*', '**/apps/server/**', '**/server/src/**'], message: 'The web never imports the server: share through @jingwang/contracts.' }] }],
    },
  },
  {
    files: ['apps/web/src/map/**/*.ts', 'apps/web/src/map/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../features/*', '../../features/*', '**/features/**'], message: 'The map folder imports no feature: pass data in through props.' }, { group: ['@jingwang/server', '**/apps/server/**'], message: 'The web never imports the server.' }] }],
    },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/modules/*/repo.ts', 'apps/server/src/modules/*/repo/*.ts', 'apps/server/src/db/**'],
    rules: {
      'no-restricted-syntax': ['error', ...sqlOutsideRepo],
      'no-restricted-imports': ['error', { paths: [sqlImport], patterns: [otherModulesRepo, otherModulesRoutes] }],
    },
  },
  {
    files: ['apps/server/src/modules/*/repo.ts', 'apps/server/src/modules/*/repo/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherModulesRepo, otherModulesRoutes, { group: ['../*/service', '../../modules/*/service', './service', '../service'], message: 'A repo holds SQL only: it does not call services.' }] }],
    },
  },
);
