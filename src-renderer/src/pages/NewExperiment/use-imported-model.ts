import type { BackboneSummary } from '@shared/domain/backbone';
import type { ModelConfig } from '@shared/domain/model';
import { fusionBlocksOnImported, type ScenarioModel } from '@shared/domain/scenario';
import { useApiQuery } from '../../api/ApiProvider';

/** The model runs on an imported backbone have: its shape plus the scenario's fusion blocks. */
export function importedModel(
  backbone: BackboneSummary,
  model: Pick<ScenarioModel, 'fusionBlocks'>,
): ModelConfig {
  return { ...backbone.config, fusionBlocks: fusionBlocksOnImported(model, backbone.config) };
}

/** The model of a scenario that starts from an imported backbone, once the list has loaded. */
export function useImportedModel(
  model: Pick<ScenarioModel, 'fusionBlocks'>,
  backboneId: string | undefined,
): ModelConfig | undefined {
  const backbones = useApiQuery('backbones.list', {});
  const backbone = backbones.data?.find((b) => b.id === backboneId);
  return backbone ? importedModel(backbone, model) : undefined;
}
