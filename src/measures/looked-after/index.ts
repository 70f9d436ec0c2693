/** The looked-after statutory measures, computed from SSDA903-shaped records. */
import type { MeasureDefinition } from '../measure.ts';
import { adoptionA1, adoptionA2 } from './adoption-timeliness.ts';
import {
  careLeaversInEducationEmploymentTraining,
  careLeaversInTouch,
  careLeaversSuitableAccommodation,
} from './care-leavers.ts';
import {
  childrenLookedAfter,
  childrenLookedAfterExcludingUasc,
  childrenLookedAfterRate,
} from './children-looked-after.ts';
import { childrenMissing, missingEpisodes } from './missing-from-care.ts';
import { placementStabilityLongTerm, placementStabilityShortTerm } from './placement-stability.ts';
import { reviewsOnTime } from './reviews-on-time.ts';
import { ceasedToBeLookedAfter, startedToBeLookedAfter } from './starts-and-ceases.ts';

export const LOOKED_AFTER_MEASURES: readonly MeasureDefinition[] = [
  childrenLookedAfter,
  childrenLookedAfterExcludingUasc,
  childrenLookedAfterRate,
  startedToBeLookedAfter,
  ceasedToBeLookedAfter,
  placementStabilityShortTerm,
  placementStabilityLongTerm,
  reviewsOnTime,
  missingEpisodes,
  childrenMissing,
  adoptionA1,
  adoptionA2,
  careLeaversInEducationEmploymentTraining,
  careLeaversSuitableAccommodation,
  careLeaversInTouch,
];
