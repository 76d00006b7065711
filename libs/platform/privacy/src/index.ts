export * from './erased-subject.entity';
export * from './personal-data-eraser';
export * from './personal-data-exporter';
export * from './personal-data-map';
export * from './personal-data.decorators';
export * from './tenant-data';
