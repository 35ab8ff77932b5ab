/** The resident pages' view of API answers: the same code the DingTalk app uses (../../common). */
export * from '../../common/problem';
