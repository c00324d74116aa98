import {
  type AppDatabase,
  type AppDatabaseLocation,
  type AppMigrations,
  migrateAppDatabase,
  openAppDatabase,
} from '../platform/store/app-database.ts';

/**
 * Opens an app's own database and applies its migrations; the app host does this before start()
 * and run(), the testing kit on its first start() or run().
 */
export async function prepareAppDatabase(
  location: AppDatabaseLocation,
  migrations: AppMigrations,
): Promise<AppDatabase> {
  const database = await openAppDatabase(location);
  try {
    await migrateAppDatabase(database, migrations);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
