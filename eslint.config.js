// ESLint flat config: typescript-eslint's type-aware recommended rules, then eslint-config-prettier
// last so that formatting is left to Prettier (`npm run lint` runs both, `npm run format` fixes it).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
