import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'bench-out/', 'scratch/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': 'error',
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.cjs'],
		languageOptions: {globals: {process: 'readonly', console: 'readonly'}},
	},
);
