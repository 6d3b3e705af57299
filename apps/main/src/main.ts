import { loadConfig } from '@app/config'; console.log(loadConfig().port);
