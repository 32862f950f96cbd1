export { FORMS } from '../../infra/src/sample-forms';
