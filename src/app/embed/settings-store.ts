import { SettingsStore, type Settings } from '../../store/settings-store';

// An embed shares the visitor's provider settings (their own model, their own key, bound to its
// origin as always), but what a host or an embedded session changes must not follow the visitor
// back to Tidepool itself: the permission mode and rules saved by an embed are the stored ones,
// so a mode a host chose, or an "always allow" given in a demo, lives and dies with the frame.
export class EmbedSettingsStore extends SettingsStore {
  override async save(settings: Settings): Promise<void> {
    const stored = await this.load();
    await super.save({ ...settings, mode: stored.settings.mode, rules: stored.settings.rules });
  }
}
