import { baseConfig } from '../../eslint.base.js';

export default baseConfig({ tsconfigRootDir: import.meta.dirname });
