// The page harness lives in tools/mini-harness (the previews drive pages with it too); tests keep importing it from here.
export * from '../../tools/mini-harness/index';
export * from '../../tools/mini-harness/dingtalk';
