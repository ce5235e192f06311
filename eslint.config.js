// ESLint flat config: typescript-eslint's type-aware recommended rules, the direction of imports
// between the folders of src/, then eslint-config-prettier last so that formatting is left to
// Prettier (`npm run lint` runs both, `npm run format` fixes it).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Who may import whom in src/ (docs/architecture.md draws it): shared utilities at the bottom, the
 * token-keeping core above them, the services (one module a provider) and the GitHub side implementing the core's ports, setup
 * wiring them together, and the two entries (the action, the command line) meeting only in setup.
 */
const LAYERS = ['shared', 'core', 'services', 'github', 'setup', 'action', 'cli']
const MAY_IMPORT = {
  shared: [],
  core: ['shared'],
  services: ['core', 'shared'],
  github: ['core', 'shared'],
  setup: ['core', 'services', 'github', 'shared'],
  action: ['setup', 'core', 'shared'],
  cli: ['setup', 'core', 'shared']
}
const zones = [
  ...LAYERS.map((layer) => ({
    target: `./src/${layer}`,
    from: LAYERS.filter((other) => other !== layer && !MAY_IMPORT[layer].includes(other)).map((other) => `./src/${other}`),
    message: `src/${layer}/ may import only ${[layer, ...MAY_IMPORT[layer]].map((name) => `${name}/`).join(', ')} (see eslint.config.js).`
  })),
  { target: './src/index.ts', from: './src', except: ['./action'], message: 'The action entry only runs the action (src/action/).' },
  { target: './src/cli.ts', from: './src', except: ['./cli'], message: 'The command-line entry only runs the command line (src/cli/).' }
]

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'node_modules/', '.tmp/']),
  {
    files: ['**/*.{js,ts}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      // `_` marks a value that is deliberately ignored, as in `(_, name) =>`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()]
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'error'
    }
  },
  {
    // The core decides; it talks to the world only through the ports it declares, never a package.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^[^.]', message: 'src/core/ uses no package: declare a port in core/ports.ts.' }] }
      ]
    }
  },
  {
    // Tests destructure mocks and use asymmetric matchers (`expect.any`), which are typed `any`;
    // their stand-in functions are async to fit async signatures, and reject with what they are given.
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off'
    }
  },
  {
    // Plain JavaScript has no types to check.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked]
  },
  prettier
)
