import { Registry } from '../../world/registry.ts';
import { createIdm } from './idm.ts';
import { createKrauss } from './krauss.ts';
import type { CarFollowingFactory } from './types.ts';

/** Car-following models by name (scenario `ground.car_following`, `ground`/`car-following --model`). Add one: a file and a line. */
export const CAR_FOLLOWING_MODELS = new Registry<CarFollowingFactory>('car-following model', {
  idm: { value: createIdm, description: 'Intelligent Driver Model (SUMO MSCFModel_IDM update)' },
  krauss: { value: createKrauss, description: "Krauss with dawdling sigma (SUMO's default MSCFModel_Krauss)" },
});
export { VEHICLE_TYPE_DEFAULTS, stepDistance, type CarFollowingModel, type CarFollowingFactory, type Integration, type VehicleType } from './types.ts';
