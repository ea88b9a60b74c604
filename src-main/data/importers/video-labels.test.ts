import { expect, it } from 'vitest';
import { DecodeError } from '../decode-error';
import { parseAudioset, parseClassIndex, parseVggsound, parseVideoManifest } from './video-labels';

const CLASS_INDEX = `index,mid,display_name
0,/m/09x0r,"Speech"
1,/m/05zppz,"Male speech, man speaking"
2,/m/0jbk,"Animal"
3,/m/068hy,"Domestic animals, pets"
`;

const SEGMENTS = `# Segments csv created Sun Mar  5 10:54:31 2017
# num_ytids=4, num_segs=4, num_unique_labels=4, num_positive_labels=6
# YTID, start_seconds, end_seconds, positive_labels
--PJHxphWEs, 30.000, 40.000, "/m/09x0r,/m/05zppz"
--ZhevVpy1s, 50.000, 60.000, "/m/0jbk"
-0DdlOuIFUI, 0.000, 10.000, "/m/068hy,/m/0jbk,/m/09x0r"

-0RWZT-miFs, 420.000, 430.000, "/m/zzzz"
broken line without enough fields
--PJHxphWEs, 30.000, 40.000, "/m/0jbk"
`;

it('reads an AudioSet segments file: comments skipped, quoted mid lists, several labels per clip', () => {
  const index = parseClassIndex('/d/class_labels_indices.csv', CLASS_INDEX);
  expect(index.order).toEqual([
    'Speech',
    'Male speech, man speaking',
    'Animal',
    'Domestic animals, pets',
  ]);
  const parsed = parseAudioset('/d/balanced_train_segments.csv', SEGMENTS, index);
  expect(parsed.multiLabel).toBe(true);
  expect(parsed.classOrder).toEqual(index.order);
  expect(parsed.rows.map((r) => [r.id, r.group, r.labels])).toEqual([
    ['--PJHxphWEs_30', '--PJHxphWEs', ['Speech', 'Male speech, man speaking']],
    ['--ZhevVpy1s_50', '--ZhevVpy1s', ['Animal']],
    ['-0DdlOuIFUI_0', '-0DdlOuIFUI', ['Domestic animals, pets', 'Animal', 'Speech']],
  ]);
  expect(parsed.rows[0]!.line).toBe(4);
  expect(parsed.rows[0]!.stems).toContain('--PJHxphWEs_000030');
  expect(parsed.rows[0]!.stems).toContain('--PJHxphWEs_30.000');
  expect(parsed.rejected).toEqual([
    {
      file: 'balanced_train_segments.csv:8',
      reason: 'label mid(s) /m/zzzz not in the class index',
    },
    {
      file: 'balanced_train_segments.csv:9',
      reason: 'expected YTID, start_seconds, end_seconds, "label mids"',
    },
    {
      file: 'balanced_train_segments.csv:10',
      reason: "duplicate clip '--PJHxphWEs_30' (first on line 4)",
    },
  ]);
});

it('refuses a class index without its columns or with a mid twice, naming the file', () => {
  expect(() => parseClassIndex('/d/idx.csv', 'mid,name\n/m/1,a\n')).toThrow(DecodeError);
  expect(() => parseClassIndex('/d/idx.csv', 'mid,name\n/m/1,a\n')).toThrow(
    /idx\.csv: header lacks a 'index' column/,
  );
  expect(() =>
    parseClassIndex('/d/idx.csv', 'index,mid,display_name\n0,/m/1,a\n1,/m/1,b\n'),
  ).toThrow(/line 3: mid '\/m\/1' appears twice/);
});

it('reads VGGSound rows without a header; the file stem pads the start to six digits', () => {
  const parsed = parseVggsound(
    '/d/vggsound.csv',
    '---g-f_I2yQ,1,people marching,test\n--0PQM4-hqg,30,"vehicle horn, car horn, honking",train\nabc,x,dog barking,train\nabd,5,dog barking,holdout\n',
  );
  expect(parsed.multiLabel).toBe(false);
  expect(parsed.rows.map((r) => [r.id, r.group, r.labels[0], r.split])).toEqual([
    ['---g-f_I2yQ_000001', '---g-f_I2yQ', 'people marching', 'test'],
    ['--0PQM4-hqg_000030', '--0PQM4-hqg', 'vehicle horn, car horn, honking', 'train'],
  ]);
  expect(parsed.rows[0]!.stems[0]).toBe('---g-f_I2yQ_000001');
  expect(parsed.rejected.map((r) => r.reason)).toEqual([
    "start_seconds 'x' is not a number of seconds",
    "unknown split 'holdout' (train, val or test)",
  ]);
});

it('reads VGGSound with a header and a path column', () => {
  const parsed = parseVggsound(
    '/d/v.csv',
    'youtube_id,start_seconds,label,split,path\nabc,10,dog,train,clips/a.mp4\n',
  );
  expect(parsed.rows[0]).toMatchObject({ id: 'abc_000010', path: 'clips/a.mp4', split: 'train' });
});

it('reads a video manifest: several labels separated by ;, multi-label when any clip has more than one', () => {
  const single = parseVideoManifest('/d/m.csv', 'video,label\na.mp4,dog\nb.mp4,cat\n');
  expect(single.multiLabel).toBe(false);
  const multi = parseVideoManifest(
    '/d/m.csv',
    'video,label,split\na.mp4,dog; cat,train\nb.mp4,cat,test\nc.mp4,,train\n',
  );
  expect(multi.multiLabel).toBe(true);
  expect(multi.rows.map((r) => [r.id, r.labels, r.split])).toEqual([
    ['a.mp4', ['dog', 'cat'], 'train'],
    ['b.mp4', ['cat'], 'test'],
  ]);
  expect(multi.rejected).toEqual([{ file: 'm.csv:4', reason: 'empty label' }]);
  expect(() => parseVideoManifest('/d/m.csv', 'file,label\n')).toThrow(/lacks a 'video' column/);
});
